package io.plinth.itests.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for tests: no Plinth classes, as any outside client would talk. */
public final class Http {

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public Response get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
    }

    /** The response of {@code path} once it answers 200, polling until {@code timeout}. */
    public Response awaitOk(String path, Duration timeout) {
        return Await.until("200 from " + base + path, timeout, () -> {
            Response response = get(path);
            return response.status() == 200 ? response : null;
        });
    }

    public record Response(int status, String contentType, String body) {
    }
}

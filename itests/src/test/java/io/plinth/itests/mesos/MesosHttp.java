package io.plinth.itests.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The HTTP plumbing a Mesos v1 client needs, with the JDK only: requests that never follow
 * redirects (a 307 from a non-leading master is an answer the caller handles), and long-lived
 * streaming responses read while they are still open.
 */
final class MesosHttp {

    static final String JSON = "application/json";
    static final String PROTOBUF = "application/x-protobuf";
    static final String STREAM_ID = "Mesos-Stream-Id";

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    // HTTP/1.1 on purpose: over cleartext the JDK's default would try an h2c upgrade, which no
    // Mesos client does
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private MesosHttp() {
    }

    static Reply get(URI uri) throws IOException, InterruptedException {
        return send("GET", uri, null, Map.of());
    }

    static Reply post(URI uri, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        return send("POST", uri, body, headers);
    }

    static Reply send(String method, URI uri, byte[] body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        responseHeaders.putAll(response.headers().map());
        return new Reply(response.statusCode(), responseHeaders, response.body());
    }

    /**
     * Where a 307 sends the client. Mesos answers {@code Location: //host:port[/path]} (no scheme);
     * older documentation shows a bare {@code host:port}. A Location without a path keeps the
     * requested path.
     */
    static URI resolveLocation(URI requested, String location) {
        String target = location.trim();
        if (target.startsWith("//")) {
            target = requested.getScheme() + ":" + target;
        } else if (!target.contains("://") && !target.startsWith("/")) {
            target = requested.getScheme() + "://" + target;
        }
        URI resolved = requested.resolve(target);
        if (resolved.getRawPath() == null || resolved.getRawPath().isEmpty()) {
            resolved = resolved.resolve(requested.getRawPath());
        }
        return resolved;
    }

    /**
     * POSTs {@code body} and hands back the response while it is still open, as a SUBSCRIBE needs.
     * A 200 carries the stream; any other status carries its (complete) body. The request timeout
     * covers the response headers only, not the stream that follows.
     */
    static OpenStream openStream(URI uri, byte[] body, Map<String, String> headers) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Map<String, List<String>> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        responseHeaders.putAll(response.headers().map());
        if (response.statusCode() == 200) {
            return new OpenStream(uri, response.statusCode(), responseHeaders, response.body(), new byte[0]);
        }
        byte[] error;
        try (InputStream in = response.body()) {
            error = in.readAllBytes();
        }
        return new OpenStream(uri, response.statusCode(), responseHeaders, null, error);
    }

    /** A complete response. */
    record Reply(int status, Map<String, List<String>> headers, byte[] body) {

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + (text.length() > 500 ? text.substring(0, 500) + "..." : text);
        }
    }

    /** A response whose body may still be arriving. */
    record OpenStream(URI uri, int status, Map<String, List<String>> headers, InputStream body, byte[] error)
            implements AutoCloseable {

        Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        String errorText() {
            return new String(error, StandardCharsets.UTF_8);
        }

        /**
         * Drops the connection, which ends a subscription as far as the master can tell; a thread
         * blocked reading the body gets an IOException at once.
         */
        @Override
        public void close() {
            try {
                if (body != null) {
                    body.close();
                }
            } catch (IOException e) {
                // the peer may be gone already; nothing is left to release
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

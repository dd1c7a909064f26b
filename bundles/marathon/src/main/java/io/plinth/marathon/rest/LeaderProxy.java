package io.plinth.marathon.rest;

import io.plinth.coordination.api.LeaderInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one request to the leading master, as Marathon's standby instances do: same method, path,
 * query, body and the headers that matter to the leader; answers with the leader's status, body and
 * the headers that matter to the client. An event stream ({@code text/event-stream}) is passed on
 * chunk by chunk while the leader sends it. Forwarded requests carry {@link #VIA}; a request that
 * carries it and would be forwarded again is a loop (two masters each believing the other leads)
 * and is answered 502 instead. Thread-safe; called on request threads.
 */
public final class LeaderProxy {

    /** The {@code Via} value of forwarded requests. */
    public static final String VIA = "1.1 plinth-marathon-proxy";

    private static final Logger LOG = LoggerFactory.getLogger(LeaderProxy.class);
    /** Request headers worth passing on; the client recomputes hop-by-hop ones itself. */
    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT,
            HttpHeaders.ACCEPT_LANGUAGE, HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE, HttpHeaders.USER_AGENT);
    /** Answer headers worth passing back. */
    private static final List<String> RESPONSE_HEADERS = List.of(HttpHeaders.LOCATION, MarathonJson.DEPLOYMENT_HEADER,
            LeaderProxyFilter.LEADER_HEADER, HttpHeaders.CACHE_CONTROL);

    private final HttpClient client;
    private final Duration timeout;

    /** @param timeout how long the leader may take to start answering */
    public LeaderProxy(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * @param pathAndQuery the raw path relative to the API root (no leading slash) and {@code ?query}
     * @param headers      the client's request headers
     */
    public Response forward(LeaderInfo leader, String method, String pathAndQuery, Map<String, List<String>> headers,
                            byte[] body) {
        if (headers.entrySet().stream().anyMatch(header -> header.getKey().equalsIgnoreCase("Via")
                && header.getValue().stream().anyMatch(value -> value.contains(VIA)))) {
            return LeaderProxyFilter.error(502, "Detected proxying loop.");
        }
        URI target = URI.create("http://" + leader.address() + "/" + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout)
                .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Via", VIA);
        headers.forEach((name, values) -> {
            if (REQUEST_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
                values.stream().filter(value -> value != null && !value.isEmpty())
                        .forEach(value -> request.header(name, value));
            }
        });
        HttpResponse<InputStream> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            LOG.debug("Forwarding {} {} to {} failed", method, pathAndQuery, target, e);
            return LeaderProxyFilter.error(503, "The leader at " + leader.address() + " cannot be reached: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return LeaderProxyFilter.error(503, LeadingMarathon.NO_LEADER);
        }
        Response.ResponseBuilder response = Response.status(answer.statusCode());
        RESPONSE_HEADERS.forEach(name -> answer.headers().allValues(name).forEach(value -> response.header(name, value)));
        String type = answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).orElse(null);
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
            return response.type(type).entity(stream(answer.body())).build();
        }
        try (InputStream in = answer.body()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length > 0) {
                response.entity(bytes).type(type == null ? MediaType.APPLICATION_OCTET_STREAM : type);
            }
        } catch (IOException e) {
            return LeaderProxyFilter.error(503, "The leader at " + leader.address() + " broke off its answer: " + e);
        }
        return response.build();
    }

    /** Passes each chunk on as soon as it arrives; ends when either side goes away. */
    private static StreamingOutput stream(InputStream in) {
        return out -> {
            try (InputStream leader = in) {
                byte[] buffer = new byte[8192];
                int read;
                while ((read = leader.read(buffer)) >= 0) {
                    write(out, buffer, read);
                }
            } catch (IOException e) {
                LOG.debug("Proxied event stream ended: {}", e.toString());
            }
        };
    }

    private static void write(OutputStream out, byte[] buffer, int length) throws IOException {
        out.write(buffer, 0, length);
        out.flush();
    }
}

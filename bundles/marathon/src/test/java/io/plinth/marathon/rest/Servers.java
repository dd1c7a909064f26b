package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.rest.impl.ErrorMapper;
import io.plinth.rest.impl.JsonProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.ws.rs.core.Application;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * Serves resources and extensions through CXF on Jetty 9.4 with Plinth's JSON provider and error
 * mapper: the stack the Aries JAX-RS whiteboard and pax-web run in Karaf. Stop it after each test.
 */
final class Servers implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Server> servers = new CopyOnWriteArrayList<>();

    URI serve(Object... resources) throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        Set<Object> singletons = new LinkedHashSet<>(List.of(resources));
        singletons.add(new JsonProvider());
        singletons.add(new ErrorMapper());
        context.addServlet(new ServletHolder(new CXFNonSpringJaxrsServlet(new Application() {
            @Override
            public Set<Object> getSingletons() {
                return singletons;
            }
        })), "/*");
        StatisticsHandler statistics = new StatisticsHandler();
        statistics.setHandler(context);
        server.setHandler(statistics);
        server.setStopTimeout(5000);
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    /** Every request gives up after a while: a test waiting for an answer that never comes fails, not hangs. */
    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    }

    HttpResponse<String> send(URI base, String method, String pathAndQuery, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = request(base.resolve(pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(URI base, String pathAndQuery) throws Exception {
        return send(base, "GET", pathAndQuery, null);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return MAPPER.readTree(response.body());
    }

    static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    @Override
    public void close() throws Exception {
        for (Server server : servers) {
            server.stop();
        }
    }
}

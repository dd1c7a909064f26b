package io.plinth.dns.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Mesos-DNS' own HTTP port ({@code httpport}, 8123): GET {@code /v1/...} answered by {@link DnsRoutes}.
 * A small Jetty of its own, apart from the node's HTTP port, because Mesos-DNS clients expect the API
 * on the DNS server's port. {@link #start} binds; {@link #close} stops it and is safe to call twice.
 */
public final class DnsHttpServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Server server;
    private final ServerConnector connector;

    public DnsHttpServer(String listener, int port, DnsRoutes routes) {
        Objects.requireNonNull(routes, "routes");
        QueuedThreadPool threads = new QueuedThreadPool(8, 2);
        threads.setName("dns-http");
        threads.setDaemon(true);
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        InetSocketAddress address = new InetSocketAddress(listener, port);
        connector.setHost(address.getHostString());
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                base.setHandled(true);
                if (!"GET".equals(request.getMethod())) {
                    text(response, 405, "Only GET is supported");
                    return;
                }
                Optional<JsonNode> body = routes.get(base.getHttpURI().getPath());
                if (body.isEmpty()) {
                    text(response, 404, "No such path: " + target);
                    return;
                }
                response.setStatus(200);
                response.setContentType("application/json");
                response.getOutputStream().write(JSON.writeValueAsBytes(body.get()));
            }
        });
    }

    /** Binds and serves. */
    public void start() throws IOException {
        try {
            server.start();
        } catch (IOException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException("cannot start the DNS HTTP API: " + e.getMessage(), e);
        }
    }

    /** The bound port (the configured one, or the one picked for 0). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the threads are daemons and the connector is closed first
        }
    }

    private static void text(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("text/plain;charset=utf-8");
        response.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
    }
}

package io.plinth.dns.feed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * A master's operator API as the feed sees it: SUBSCRIBE answered with a chunked RecordIO stream of
 * protobuf events (SUBSCRIBED with the current state first, heartbeats while enabled, then whatever
 * the test publishes), or a 307 to another master.
 */
final class FakeMaster implements AutoCloseable {

    private static final Optional<Event> END = Optional.empty();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<LinkedBlockingQueue<Optional<Event>>> streams = new CopyOnWriteArrayList<>();
    private final AtomicInteger subscriptions = new AtomicInteger();
    private final AtomicInteger badCalls = new AtomicInteger();
    private final String name;
    private volatile Response.GetState state = Mesos.state(List.of(), List.of(), List.of());
    private volatile double heartbeatSeconds = 0.2;
    private volatile boolean heartbeats = true;
    private volatile String redirect;

    FakeMaster(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    LeaderInfo leaderInfo() {
        return new LeaderInfo("mesos", name, name + ".example", "127.0.0.1", port(), "0.1.0");
    }

    void state(Response.GetState next) {
        state = next;
    }

    void heartbeats(boolean on) {
        heartbeats = on;
    }

    void redirectTo(FakeMaster leader) {
        redirect = "//127.0.0.1:" + leader.port() + "/api/v1";
    }

    void publish(Event event) {
        streams.forEach(stream -> stream.add(Optional.of(event)));
    }

    /** Ends every open stream cleanly, as a master that stops leading does. */
    void dropStreams() {
        streams.forEach(stream -> stream.add(END));
    }

    int subscriptions() {
        return subscriptions.get();
    }

    int openStreams() {
        return streams.size();
    }

    /** SUBSCRIBE calls that were not protobuf SUBSCRIBE calls. */
    int badCalls() {
        return badCalls.get();
    }

    @Override
    public void close() {
        dropStreams();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (redirect != null) {
                exchange.getResponseHeaders().add("Location", redirect);
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            boolean protobuf = "application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                    && "application/x-protobuf".equals(exchange.getRequestHeaders().getFirst("Accept"));
            if (!protobuf || Call.parseFrom(body).getType() != Call.Type.SUBSCRIBE) {
                badCalls.incrementAndGet();
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            subscriptions.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, 0);
            LinkedBlockingQueue<Optional<Event>> queue = new LinkedBlockingQueue<>();
            streams.add(queue);
            try {
                stream(exchange.getResponseBody(), queue);
            } finally {
                streams.remove(queue);
            }
        }
    }

    private void stream(OutputStream out, LinkedBlockingQueue<Optional<Event>> queue) throws IOException {
        send(out, Mesos.subscribed(state, heartbeatSeconds));
        long interval = (long) (heartbeatSeconds * 1000);
        try {
            while (true) {
                Optional<Event> next = queue.poll(interval, TimeUnit.MILLISECONDS);
                if (next != null && next.isEmpty()) {
                    return;
                }
                if (next != null) {
                    send(out, next.get());
                } else if (heartbeats) {
                    send(out, Mesos.heartbeat());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(OutputStream out, Event event) throws IOException {
        out.write(RecordIo.frame(event.toByteArray()));
        out.flush();
    }
}

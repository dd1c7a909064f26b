package io.plinth.agent.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The master's side of the agent link, just enough for tests: records every call, opens a stream
 * for each SUBSCRIBE that the test writes events into, answers other calls 202 (or what the test's
 * answer function says). Listens on 127.0.0.1 on a free port.
 */
final class FakeMaster implements AutoCloseable {

    /** A call as received: the call and the stream id header it came with. */
    record Received(AgentCall call, String streamId) {
    }

    /** One open SUBSCRIBE answer. */
    final class Stream {
        final String id;
        private final HttpExchange exchange;
        private final ObjectMapper mapper;

        Stream(String id, HttpExchange exchange, ObjectMapper mapper) {
            this.id = id;
            this.exchange = exchange;
            this.mapper = mapper;
        }

        void send(AgentEvent event) {
            try {
                OutputStream body = exchange.getResponseBody();
                synchronized (this) {
                    body.write(RecordIo.frame(mapper.writeValueAsBytes(event)));
                    body.flush();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() {
            exchange.close();
        }
    }

    private final ObjectMapper json = AgentLink.newObjectMapper();
    private final ObjectMapper cbor = AgentLink.newCborMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicInteger streams = new AtomicInteger();
    final List<Received> calls = new CopyOnWriteArrayList<>();
    final List<Stream> opened = new CopyOnWriteArrayList<>();
    volatile String redirectTo;
    volatile int callStatus = 202;
    /** While set, answers to calls other than SUBSCRIBE wait for it. */
    volatile CountDownLatch holdAnswers;

    FakeMaster() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(AgentLink.PATH, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    LeaderInfo leaderInfo() {
        return new LeaderInfo("mesos", "master-" + port(), "localhost", "127.0.0.1", port(), "test");
    }

    List<AgentCall> calls(AgentCall.Type type) {
        return calls.stream().map(Received::call).filter(c -> c.type() == type).toList();
    }

    List<Received> received(AgentCall.Type type) {
        return calls.stream().filter(r -> r.call().type() == type).toList();
    }

    Stream stream(int index) {
        return opened.get(index);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        ObjectMapper mapper = AgentLink.isCbor(contentType) ? cbor : json;
        AgentCall call;
        try {
            call = mapper.readValue(exchange.getRequestBody().readAllBytes(), AgentCall.class);
        } catch (IOException e) {
            answer(exchange, 400, "Malformed agent call: " + e.getMessage());
            return;
        }
        calls.add(new Received(call, exchange.getRequestHeaders().getFirst(AgentLink.STREAM_ID_HEADER)));
        if (redirectTo != null) {
            exchange.getResponseHeaders().add("Location", redirectTo);
            answer(exchange, 307, "");
            return;
        }
        if (call.type() != AgentCall.Type.SUBSCRIBE) {
            CountDownLatch hold = holdAnswers;
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer(exchange, callStatus, callStatus == 202 ? "" : "Agent is not subscribed");
            return;
        }
        String id = "stream-" + streams.incrementAndGet();
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add(AgentLink.STREAM_ID_HEADER, id);
        exchange.sendResponseHeaders(200, 0); // chunked; stays open until the test closes it
        opened.add(new Stream(id, exchange, mapper));
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    @Override
    public void close() {
        opened.forEach(Stream::close);
        server.stop(0);
        executor.shutdownNow();
    }
}

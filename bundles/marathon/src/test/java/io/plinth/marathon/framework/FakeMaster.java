package io.plinth.marathon.framework;

import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A small but faithful fake of a master's {@code /api/v1/scheduler}: protobuf calls only; SUBSCRIBE
 * answers 200 with {@code Mesos-Stream-Id} and a chunked RecordIO stream that starts with SUBSCRIBED;
 * other calls answer 202 when their stream id and framework id match the current subscription; a
 * removed framework id is refused with 403; a non-leading instance answers 307 to the leader.
 */
final class FakeMaster implements AutoCloseable {

    /** A call as received, with its stream id header (null for SUBSCRIBE). */
    record Received(Call call, String streamId, String contentType) {
    }

    private static final byte[] END = new byte[0];

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> subscribes = new CopyOnWriteArrayList<>();
    private final List<Received> calls = new CopyOnWriteArrayList<>();
    private final List<BlockingQueue<byte[]>> allStreams = new CopyOnWriteArrayList<>();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger nextFramework = new AtomicInteger(1);
    private final AtomicInteger redirected = new AtomicInteger();
    private final AtomicInteger handling = new AtomicInteger();
    private final AtomicInteger mostHandledAtOnce = new AtomicInteger();
    /** Calls wait here for a permit while held. */
    private final Semaphore gate = new Semaphore(Integer.MAX_VALUE / 2);
    private volatile boolean holding;
    private volatile double heartbeatSeconds = 60;
    private volatile FakeMaster leader;
    private volatile Subscription current;

    private record Subscription(String frameworkId, String streamId, BlockingQueue<byte[]> queue) {
    }

    FakeMaster(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext(SchedulerClient.PATH, this::handle);
        server.start();
    }

    LeaderInfo info() {
        return new LeaderInfo("mesos", name + "-" + port(), "localhost", "127.0.0.1", port(), "test");
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Calls (not SUBSCRIBE) wait unanswered until {@link #answerCalls()}. */
    void holdCalls() {
        gate.drainPermits();
        holding = true;
    }

    /** Lets {@code n} held calls be answered. */
    void answerCalls(int n) {
        gate.release(n);
    }

    void answerCalls() {
        holding = false;
        gate.release(Integer.MAX_VALUE / 2);
    }

    /** Calls being handled (received, not yet answered) now, and the most there ever were. */
    int callsInHandling() {
        return handling.get();
    }

    int mostCallsHandledAtOnce() {
        return mostHandledAtOnce.get();
    }

    /** Makes this instance a non-leading one that redirects to {@code leader}. */
    void redirectTo(FakeMaster leader) {
        this.leader = leader;
    }

    void heartbeatSeconds(double seconds) {
        this.heartbeatSeconds = seconds;
    }

    List<Received> subscribes() {
        return List.copyOf(subscribes);
    }

    List<Received> calls() {
        return List.copyOf(calls);
    }

    int redirected() {
        return redirected.get();
    }

    String currentStreamId() {
        Subscription subscription = current;
        return subscription == null ? null : subscription.streamId;
    }

    /** Sends an event on the current stream. */
    void send(Event event) {
        current.queue.add(RecordIo.frame(event.toByteArray()));
    }

    /** Ends the current stream, as a master that drops the connection. */
    void endStream() {
        Subscription subscription = current;
        current = null;
        subscription.queue.add(END);
    }

    /** Removes the framework as Mesos does: ERROR on its stream, stream closed, id refused from now on. */
    void removeFramework(String message) {
        Subscription subscription = current;
        removed.add(subscription.frameworkId);
        send(Event.newBuilder().setType(Event.Type.ERROR).setError(Event.Error.newBuilder().setMessage(message)).build());
        endStream();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            FakeMaster target = leader;
            if (target != null) {
                redirected.incrementAndGet();
                exchange.getResponseHeaders().add("Location", "//127.0.0.1:" + target.port() + SchedulerClient.PATH);
                exchange.sendResponseHeaders(307, -1);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                text(exchange, 405, "POST only");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/x-protobuf")) {
                text(exchange, 415, "Expecting 'Content-Type' of application/x-protobuf");
                return;
            }
            Call call;
            try {
                Call.Builder builder = Call.newBuilder();
                builder.mergeFrom(exchange.getRequestBody().readAllBytes());
                call = builder.build();
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                text(exchange, 400, "Failed to parse body into Call protobuf: " + e.getMessage());
                return;
            }
            String streamId = exchange.getRequestHeaders().getFirst(SchedulerClient.STREAM_ID_HEADER);
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribe(exchange, call, streamId, contentType);
                return;
            }
            calls.add(new Received(call, streamId, contentType));
            int now = handling.incrementAndGet();
            mostHandledAtOnce.accumulateAndGet(now, Math::max);
            try {
                if (holding) {
                    gate.acquire();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                handling.decrementAndGet();
            }
            Subscription subscription = current;
            if (subscription == null || !call.getFrameworkId().getValue().equals(subscription.frameworkId)) {
                text(exchange, 403, "Framework cannot be found");
            } else if (!subscription.streamId.equals(streamId)) {
                text(exchange, 400, "The stream ID '" + streamId + "' included in this request didn't match");
            } else {
                if (call.getType() == Call.Type.TEARDOWN) {
                    removeFramework("Framework torn down");
                }
                exchange.sendResponseHeaders(202, -1);
            }
        }
    }

    private void subscribe(HttpExchange exchange, Call call, String streamId, String contentType) throws IOException {
        subscribes.add(new Received(call, streamId, contentType));
        if (streamId != null) {
            text(exchange, 400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
            return;
        }
        var info = call.getSubscribe().getFrameworkInfo();
        if (call.hasFrameworkId() && !call.getFrameworkId().equals(info.getId())) {
            text(exchange, 400, "'framework_id' differs from 'subscribe.framework_info.id'");
            return;
        }
        String frameworkId = info.hasId() ? info.getId().getValue() : name + "-fw-" + nextFramework.getAndIncrement();
        if (removed.contains(frameworkId)) {
            text(exchange, 403, "Framework " + frameworkId + " has been removed");
            return;
        }
        Subscription previous = current;
        if (previous != null) {
            previous.queue.add(END);
        }
        Subscription subscription = new Subscription(frameworkId, UUID.randomUUID().toString(), new LinkedBlockingQueue<>());
        allStreams.add(subscription.queue);
        current = subscription;
        send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
                .setHeartbeatIntervalSeconds(heartbeatSeconds)).build());
        exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        exchange.getResponseHeaders().add(SchedulerClient.STREAM_ID_HEADER, subscription.streamId);
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            while (true) {
                byte[] frame = subscription.queue.take();
                if (frame == END) {
                    break;
                }
                out.write(frame);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the scheduler went away
        } finally {
            if (current == subscription) {
                current = null;
            }
        }
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        allStreams.forEach(queue -> queue.add(END));
        server.stop(0);
        executor.shutdownNow();
    }
}

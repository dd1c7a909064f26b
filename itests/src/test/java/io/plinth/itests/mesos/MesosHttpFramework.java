package io.plinth.itests.mesos;

import io.plinth.itests.support.Await;
import java.io.EOFException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A Mesos v1 scheduler speaking the HTTP API directly, as an outside framework does: SUBSCRIBE on
 * one long-lived connection whose RecordIO events a reader thread decodes, every other call a
 * separate POST carrying {@code Mesos-Stream-Id}. It acknowledges every status update that carries
 * a uuid (and only those), on a thread of its own so the stream is never held up.
 *
 * <p>It knows nothing of Plinth: only the endpoint {@code /api/v1/scheduler}, the two encodings
 * ({@link #json}, {@link #protobuf}) and a master address to start from.
 */
final class MesosHttpFramework implements AutoCloseable {

    static final String SCHEDULER_PATH = "/api/v1/scheduler";

    private final String name;
    private final SchedulerCodec codec;
    private final boolean partitionAware;
    private final double failoverTimeoutSeconds;
    private final String user = System.getProperty("user.name", "root");

    private final BlockingQueue<SchedulerEvent.Offer> offers = new LinkedBlockingQueue<>();
    private final Set<String> rescinded = ConcurrentHashMap.newKeySet();
    private final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
    private final List<SchedulerEvent.Update> updates = new CopyOnWriteArrayList<>();
    private final Map<String, SchedulerEvent.Update> latest = new ConcurrentHashMap<>();
    private final List<String> ackFailures = new CopyOnWriteArrayList<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final ExecutorService acknowledger;

    private final AtomicInteger generation = new AtomicInteger();
    private volatile URI endpoint;
    private volatile String frameworkId;
    private volatile String streamId;
    private volatile Double heartbeatSeconds;
    private volatile MesosHttp.OpenStream stream;
    private volatile Throwable streamEnd;

    private MesosHttpFramework(String name, SchedulerCodec codec, boolean partitionAware, Duration failoverTimeout) {
        this.name = name;
        this.codec = codec;
        this.partitionAware = partitionAware;
        this.failoverTimeoutSeconds = failoverTimeout.toSeconds();
        this.acknowledger = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, name + "-acknowledger");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A framework speaking JSON ({@code application/json}). */
    static MesosHttpFramework json(String name, boolean partitionAware, Duration failoverTimeout) {
        return new MesosHttpFramework(name, new JsonSchedulerCodec(), partitionAware, failoverTimeout);
    }

    /** A framework speaking protobuf ({@code application/x-protobuf}) with the official v1 classes. */
    static MesosHttpFramework protobuf(String name, boolean partitionAware, Duration failoverTimeout) {
        return new MesosHttpFramework(name, new ProtobufSchedulerCodec(), partitionAware, failoverTimeout);
    }

    String name() {
        return name;
    }

    SchedulerCodec codec() {
        return codec;
    }

    String mediaType() {
        return codec.mediaType();
    }

    boolean partitionAware() {
        return partitionAware;
    }

    String frameworkId() {
        return frameworkId;
    }

    String streamId() {
        return streamId;
    }

    Double heartbeatSeconds() {
        return heartbeatSeconds;
    }

    /** The scheduler endpoint of the master this framework is subscribed with. */
    URI endpoint() {
        return endpoint;
    }

    /**
     * SUBSCRIBEs (or, once a framework id is known, re-subscribes with it) starting at {@code master}
     * (a base URI such as {@code http://127.0.0.1:8080}), following 307 redirects to the leader and
     * retrying while no master can take it (connection refused, 503) until {@code timeout}. Returns
     * once SUBSCRIBED arrived; fails at once on any other 4xx or on an ERROR event.
     */
    synchronized String subscribe(URI master, Duration timeout) {
        closeStream();
        byte[] body = codec.subscribe(name, user, frameworkId, failoverTimeoutSeconds, partitionAware);
        Map<String, String> headers = Map.of("Content-Type", codec.mediaType(), "Accept", codec.mediaType());
        URI target = master.resolve(SCHEDULER_PATH);
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no attempt";
        while (true) {
            try {
                MesosHttp.OpenStream opened = MesosHttp.openStream(target, body, headers);
                if (opened.status() == 307) {
                    String location = opened.header("Location")
                            .orElseThrow(() -> new AssertionError("307 without Location from " + opened.uri()));
                    last = "307 from " + target + " to " + location;
                    target = MesosHttp.resolveLocation(target, location);
                } else if (opened.status() == 200) {
                    return started(target, opened, deadline);
                } else if (opened.status() == 503) {
                    last = "503 " + opened.errorText();
                } else {
                    throw new AssertionError(name + ": SUBSCRIBE to " + target + " answered " + opened.status() + " "
                            + opened.errorText());
                }
            } catch (IOException e) {
                last = e.toString();
                target = master.resolve(SCHEDULER_PATH);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no SUBSCRIBED within " + timeout.toMillis() + " ms; last: " + last);
            }
            pause();
        }
    }

    private String started(URI target, MesosHttp.OpenStream opened, long deadline) {
        String id = opened.header(MesosHttp.STREAM_ID)
                .orElseThrow(() -> new AssertionError(name + ": SUBSCRIBE answered 200 without " + MesosHttp.STREAM_ID));
        if (id.isEmpty() || id.length() > 128) {
            throw new AssertionError(name + ": " + MesosHttp.STREAM_ID + " must be 1..128 bytes: '" + id + "'");
        }
        String contentType = opened.header("Content-Type").orElse("");
        if (!contentType.startsWith(codec.mediaType())) {
            opened.close();
            throw new AssertionError(name + ": events must come as the Accept header asked, " + codec.mediaType()
                    + ", not '" + contentType + "'");
        }
        int current = generation.incrementAndGet();
        CompletableFuture<SchedulerEvent> first = new CompletableFuture<>();
        this.stream = opened;
        this.streamId = id;
        this.endpoint = target;
        this.streamEnd = null;
        Thread reader = new Thread(() -> read(opened, current, first), name + "-events-" + current);
        reader.setDaemon(true);
        reader.start();
        SchedulerEvent event;
        try {
            event = first.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(name + ": SUBSCRIBE answered 200 but no event followed", e);
        } catch (ExecutionException e) {
            throw new AssertionError(name + ": the subscription stream broke before its first event", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (!"SUBSCRIBED".equals(event.type())) {
            throw new AssertionError(name + ": first event must be SUBSCRIBED: " + event.text());
        }
        if (frameworkId != null && !frameworkId.equals(event.frameworkId())) {
            throw new AssertionError(name + ": re-subscribed as " + frameworkId + " but SUBSCRIBED names " + event.frameworkId());
        }
        frameworkId = event.frameworkId();
        heartbeatSeconds = event.heartbeatSeconds();
        return frameworkId;
    }

    private void read(MesosHttp.OpenStream opened, int current, CompletableFuture<SchedulerEvent> first) {
        Throwable end;
        try {
            RecordIoReader reader = new RecordIoReader(opened.body());
            Optional<byte[]> record;
            while ((record = reader.next()).isPresent()) {
                SchedulerEvent event = codec.decode(record.get(), System.nanoTime());
                if (generation.get() != current) {
                    return;
                }
                first.complete(event);
                dispatch(event);
            }
            end = new EOFException("the master ended the stream");
        } catch (IOException | RuntimeException e) {
            end = e;
        }
        first.completeExceptionally(end);
        if (generation.get() == current) {
            streamEnd = end;
        }
    }

    private void dispatch(SchedulerEvent event) {
        events.add(event);
        switch (event.type()) {
            case "OFFERS" -> offers.addAll(event.offers());
            case "RESCIND" -> rescinded.add(event.rescindedOfferId());
            case "UPDATE" -> {
                SchedulerEvent.Update update = event.update();
                updates.add(update);
                latest.put(update.taskId(), update);
                if (update.uuid() != null) {
                    acknowledger.execute(() -> acknowledge(update));
                }
            }
            default -> {
                // SUBSCRIBED, HEARTBEAT, ERROR, ...: kept in events()
            }
        }
    }

    private void acknowledge(SchedulerEvent.Update update) {
        String what = "ACKNOWLEDGE " + update.taskId() + " " + update.state();
        try {
            MesosHttp.Reply reply = call(codec.acknowledge(frameworkId, update.agentId(), update.taskId(), update.uuid()));
            if (reply.status() == 202) {
                acknowledged.add(update.taskId() + " " + update.state());
            } else {
                ackFailures.add(what + ": " + reply);
            }
        } catch (IOException | RuntimeException e) {
            ackFailures.add(what + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** POSTs a call on the subscribed master with this subscription's stream id. */
    MesosHttp.Reply call(byte[] body) throws IOException, InterruptedException {
        return MesosHttp.post(endpoint, body, Map.of("Content-Type", codec.mediaType(), "Accept", codec.mediaType(),
                MesosHttp.STREAM_ID, streamId));
    }

    /** As {@link #call} but the master must answer 202 Accepted. */
    void accepted(String what, byte[] body) {
        MesosHttp.Reply reply;
        try {
            reply = call(body);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(name + ": " + what + " failed", e);
        }
        if (reply.status() != 202) {
            throw new AssertionError(name + ": " + what + " must answer 202 Accepted, got " + reply);
        }
    }

    /** ACCEPTs {@code offer} launching {@code tasks}; the rest of the offer is refused for {@code refuseSeconds}. */
    void launch(SchedulerEvent.Offer offer, List<SchedulerEvent.TaskSpec> tasks, double refuseSeconds) {
        accepted("ACCEPT " + offer.id(), codec.accept(frameworkId, List.of(offer.id()), offer.agentId(), offer.source(),
                tasks, refuseSeconds));
    }

    void decline(SchedulerEvent.Offer offer, double refuseSeconds) {
        accepted("DECLINE " + offer.id(), codec.decline(frameworkId, List.of(offer.id()), refuseSeconds));
    }

    void kill(String taskId, String agentId) {
        accepted("KILL " + taskId, codec.kill(frameworkId, taskId, agentId));
    }

    /** RECONCILE: empty for implicit reconciliation, else task id to agent id (agent may be null). */
    void reconcile(Map<String, String> tasks) {
        accepted("RECONCILE " + tasks.keySet(), codec.reconcile(frameworkId, tasks));
    }

    void revive() {
        accepted("REVIVE", codec.revive(frameworkId));
    }

    /** The next offer not rescinded, waiting up to {@code timeout}. */
    Optional<SchedulerEvent.Offer> pollOffer(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            SchedulerEvent.Offer offer;
            try {
                offer = offers.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            if (offer == null) {
                return Optional.empty();
            }
            if (!rescinded.contains(offer.id())) {
                return Optional.of(offer);
            }
        }
    }

    /** The next offer not rescinded, or a failure naming what was waited for. */
    SchedulerEvent.Offer nextOffer(String what, Duration timeout) {
        return pollOffer(timeout).orElseThrow(() -> new AssertionError(name + ": no offer within " + timeout.toMillis()
                + " ms for " + what + "; stream " + streamState() + "; recent events: " + recentEvents(5)));
    }

    /** The first update after {@code sinceNanos} that matches, waiting up to {@code timeout}. */
    SchedulerEvent.Update awaitUpdate(String what, Duration timeout, long sinceNanos, Predicate<SchedulerEvent.Update> match) {
        try {
            return Await.until(name + ": " + what, timeout, () -> updates.stream()
                    .filter(update -> update.receivedNanos() >= sinceNanos && match.test(update))
                    .findFirst().orElse(null));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; stream " + streamState() + "; recent events: " + recentEvents(5), e);
        }
    }

    /** Every update received so far, in arrival order. */
    List<SchedulerEvent.Update> updates() {
        return List.copyOf(updates);
    }

    /** The last update received for each task. */
    Map<String, SchedulerEvent.Update> latest() {
        return Map.copyOf(latest);
    }

    /** Every event received so far, in arrival order. */
    List<SchedulerEvent> events() {
        return List.copyOf(events);
    }

    /** Whether an update of {@code taskId} to {@code state} was acknowledged and the master answered 202. */
    boolean acknowledged(String taskId, String state) {
        return acknowledged.contains(taskId + " " + state);
    }

    List<String> ackFailures() {
        return List.copyOf(ackFailures);
    }

    /** "open", or why the current subscription stream ended. */
    String streamState() {
        Throwable end = streamEnd;
        return end == null ? "open" : "ended: " + end;
    }

    String recentEvents(int count) {
        List<SchedulerEvent> all = events();
        return all.subList(Math.max(0, all.size() - count), all.size()).stream()
                .map(SchedulerEvent::text)
                .map(text -> text.length() > 400 ? text.substring(0, 400) + "..." : text)
                .collect(Collectors.joining(" | ", "[", "]"));
    }

    /** Drops the subscription connection, as a crashed scheduler would; the framework id is kept. */
    synchronized void disconnect() {
        closeStream();
    }

    private void closeStream() {
        generation.incrementAndGet();
        MesosHttp.OpenStream current = stream;
        stream = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void close() {
        disconnect();
        acknowledger.shutdownNow();
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return name + "(" + codec.mediaType() + ", " + frameworkId + ")";
    }
}

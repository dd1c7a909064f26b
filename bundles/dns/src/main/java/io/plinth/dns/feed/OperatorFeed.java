package io.plinth.dns.feed;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Master;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the leading Mesos master's operator API event stream ({@code SUBSCRIBE} on
 * {@code POST /api/v1}, protobuf in RecordIO) and hands every new {@link ClusterState} to a consumer.
 *
 * <p>Which master: the leader of the {@code mesos} group according to the {@link LeaderDetector}; a
 * master that answers 307 is left for the one its {@code Location} names. Each subscription starts
 * with {@code SUBSCRIBED}, which resets the {@link StateTracker} (a full resync); the events after it
 * are applied one by one. A stream that ends, fails or stays silent for two heartbeat intervals plus
 * {@link Settings#heartbeatSlack} is dropped and opened again after a backoff that doubles from
 * {@link Settings#initialBackoff} to {@link Settings#maxBackoff} (and starts over once subscribed).
 * A new leader drops the stream at once and subscribes to the new one without waiting. While nobody
 * can be reached the last state stands: DNS keeps answering with what it knew.
 *
 * <p>Delivery: the consumer is called on the feed's own thread, never concurrently, only with a state
 * that differs from the one it got before, at most once per gap and no later than that gap after the
 * change. The gap is {@link Settings#coalesceWindow}, or twice the time the consumer took last if that
 * is longer: rebuilding the records of a large cluster then takes at most a third of a core while
 * thousands of tasks start, and a change still shows within a few of its rebuilds. The consumer must
 * not block for long; an exception it throws is logged and the feed goes on.
 *
 * <p>Threads: {@link #start} registers the leader watch and starts the feed thread, which owns the
 * tracker from then on; each open stream has a reader thread that only decodes records. The leader
 * watch and the readers talk to the feed thread through one queue. The clock must advance with real
 * time (the feed waits on that queue with timeouts computed from it). {@link #close} may be called
 * from any thread, any number of times.
 */
public final class OperatorFeed implements AutoCloseable {

    /** The election group of Mesos masters. */
    public static final String MESOS_GROUP = "mesos";

    private static final Logger LOG = LoggerFactory.getLogger(OperatorFeed.class);
    private static final String PROTOBUF = "application/x-protobuf";
    private static final int MAX_REDIRECTS = 5;
    /** Mesos' default when SUBSCRIBED states no interval. */
    private static final double DEFAULT_HEARTBEAT_SECONDS = 15;
    private static final byte[] SUBSCRIBE = Call.newBuilder().setType(Call.Type.SUBSCRIBE).build().toByteArray();

    /**
     * How the feed retries and delivers.
     *
     * @param initialBackoff first wait before reconnecting after a failure (doubles with each failure)
     * @param maxBackoff     longest wait before reconnecting
     * @param connectTimeout longest wait for the answer to SUBSCRIBE and then for SUBSCRIBED itself
     * @param heartbeatSlack added to twice the heartbeat interval before a silent stream counts as dead
     * @param coalesceWindow shortest time between two deliveries; also the longest a change waits
     */
    public record Settings(Duration initialBackoff, Duration maxBackoff, Duration connectTimeout,
                           Duration heartbeatSlack, Duration coalesceWindow) {

        public Settings {
            positive(initialBackoff, "initialBackoff");
            positive(maxBackoff, "maxBackoff");
            positive(connectTimeout, "connectTimeout");
            if (heartbeatSlack == null || heartbeatSlack.isNegative()) {
                throw new IllegalArgumentException("heartbeatSlack must not be negative");
            }
            if (coalesceWindow == null || coalesceWindow.isNegative()) {
                throw new IllegalArgumentException("coalesceWindow must not be negative");
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
            }
        }

        /** 100 ms to 5 s backoff, 10 s to subscribe, 2 s slack, 50 ms coalescing. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(10),
                    Duration.ofSeconds(2), Duration.ofMillis(50));
        }

        private static void positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
        }
    }

    private final LeaderDetector detector;
    private final HttpClient client;
    private final Clock clock;
    private final StateTracker tracker;
    private final Consumer<ClusterState> onChange;
    private final Settings settings;

    private final LinkedBlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread thread;
    private volatile Registration watch;

    // ---- owned by the feed thread
    private Optional<LeaderInfo> leader = Optional.empty();
    private Connection connection;
    private final List<Thread> readers = new ArrayList<>();
    private long retryAt = Long.MAX_VALUE;
    private int failures;
    private boolean pending;
    private long deliverAt;
    private long lastDeliveredAt = Long.MIN_VALUE / 2;
    private long gapMillis;
    private ClusterState lastDelivered;

    /**
     * @param detector tells who leads the {@value #MESOS_GROUP} group
     * @param client   sends SUBSCRIBE; its redirect policy does not matter (307 is followed here too)
     * @param tracker  folds the events; owned by the feed from {@link #start} on
     * @param onChange receives each new state on the feed's thread
     */
    public OperatorFeed(LeaderDetector detector, HttpClient client, Clock clock, StateTracker tracker,
                        Consumer<ClusterState> onChange, Settings settings) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.client = Objects.requireNonNull(client, "client");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tracker = Objects.requireNonNull(tracker, "tracker");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.thread = new Thread(this::run, "dns-operator-feed");
        thread.setDaemon(true);
    }

    /** Starts following the leader. Only the first call does anything; none after {@link #close}. */
    public void start() {
        if (closed.get() || !started.compareAndSet(false, true)) {
            return;
        }
        watch = detector.watch(MESOS_GROUP, leader -> signals.add(new LeaderChanged(leader)));
        thread.start();
        if (closed.get()) {
            // close() ran between the checks above and may have missed the watch
            stopWatch();
        }
    }

    /** Stops the feed: closes the leader watch and the stream and waits for the feed thread to end. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopWatch();
        signals.add(new Stop());
        if (started.get() && Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void stopWatch() {
        Registration registration = watch;
        if (registration != null) {
            registration.close();
        }
    }

    // ------------------------------------------------------------------ feed thread

    private void run() {
        try {
            while (true) {
                long now = clock.millis();
                long deadline = nextDeadline();
                Signal signal = deadline == Long.MAX_VALUE ? signals.take()
                        : signals.poll(Math.max(0, deadline - now), TimeUnit.MILLISECONDS);
                if (signal instanceof Stop) {
                    break;
                }
                if (signal != null) {
                    try {
                        handle(signal, clock.millis());
                    } catch (RuntimeException e) {
                        // one bad event must not end the feed: start over with a full resync
                        LOG.warn("Handling the operator event stream failed", e);
                        fail("handling " + signal.getClass().getSimpleName() + " failed: " + e, clock.millis());
                    }
                }
                onTimers(clock.millis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("The operator API feed failed; DNS records will no longer follow the cluster", e);
        } finally {
            drop();
            for (Thread reader : readers) {
                try {
                    reader.join(TimeUnit.SECONDS.toMillis(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }

    private long nextDeadline() {
        long deadline = pending ? deliverAt : Long.MAX_VALUE;
        if (connection != null) {
            deadline = Math.min(deadline, connection.silentUntil);
        } else if (leader.isPresent()) {
            deadline = Math.min(deadline, retryAt);
        }
        return deadline;
    }

    private void handle(Signal signal, long now) {
        if (signal instanceof LeaderChanged changed) {
            leaderChanged(changed.leader(), now);
        } else if (signal instanceof Answered answered) {
            answered(answered.connection(), answered.response(), now);
        } else if (signal instanceof Received received) {
            if (received.connection() == connection) {
                received(received.event(), now);
            }
        } else if (signal instanceof Ended ended) {
            if (ended.connection() == connection) {
                fail("stream from " + connection.uri + " ended: " + ended.reason(), now);
            }
        }
    }

    private void onTimers(long now) {
        if (pending && now >= deliverAt) {
            deliver(now);
        }
        if (connection != null && now >= connection.silentUntil) {
            fail(connection.subscribed
                    ? "no event from " + connection.uri + " for more than two heartbeat intervals"
                    : "no SUBSCRIBED from " + connection.uri + " in time", now);
        }
        if (connection == null && leader.isPresent() && now >= retryAt) {
            connect(leader.get(), uriOf(leader.get()), 0, now);
        }
    }

    private void leaderChanged(Optional<LeaderInfo> next, long now) {
        boolean sameEndpoint = leader.isPresent() && next.isPresent()
                && leader.get().ip().equals(next.get().ip()) && leader.get().port() == next.get().port()
                && leader.get().id().equals(next.get().id());
        leader = next;
        if (sameEndpoint) {
            return;
        }
        LOG.info("Leading master is now {}", next.map(LeaderInfo::address).orElse("unknown"));
        drop();
        failures = 0;
        retryAt = now;
    }

    private void connect(LeaderInfo target, URI uri, int hops, long now) {
        Connection next = new Connection(target, uri, hops, now + settings.connectTimeout().toMillis());
        connection = next;
        HttpRequest request = HttpRequest.newBuilder(uri)
                .header("Content-Type", PROTOBUF)
                .header("Accept", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(SUBSCRIBE))
                .build();
        LOG.debug("Subscribing to {}", uri);
        next.answer = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .whenComplete((response, error) -> signals.add(error == null
                        ? new Answered(next, response) : new Ended(next, String.valueOf(error))));
    }

    private void answered(Connection answered, HttpResponse<InputStream> response, long now) {
        if (answered != connection) {
            closeQuietly(response.body());
            return;
        }
        int status = response.statusCode();
        if (status == 200) {
            answered.silentUntil = now + settings.connectTimeout().toMillis();
            // a client that follows redirects itself may have been answered by another master
            answered.servedBy = response.uri();
            answered.body = response.body();
            Thread reader = new Thread(() -> read(answered, response.body()), "dns-operator-feed-reader");
            reader.setDaemon(true);
            readers.removeIf(existing -> !existing.isAlive());
            readers.add(reader);
            reader.start();
            return;
        }
        closeQuietly(response.body());
        Optional<String> location = response.headers().firstValue("Location");
        if (status / 100 == 3 && location.isPresent() && answered.hops < MAX_REDIRECTS) {
            URI next = answered.uri.resolve(location.get());
            LOG.debug("{} redirects to {}", answered.uri, next);
            connection = null;
            connect(answered.leader, next, answered.hops + 1, now);
            return;
        }
        fail(answered.uri + " answered SUBSCRIBE with " + status, now);
    }

    private void received(Event event, long now) {
        Connection current = connection;
        if (!current.subscribed) {
            if (event.getType() != Event.Type.SUBSCRIBED) {
                fail(current.uri + " sent " + event.getType() + " before SUBSCRIBED", now);
                return;
            }
            double interval = event.getSubscribed().getHeartbeatIntervalSeconds();
            current.heartbeatMillis = (long) ((interval > 0 ? interval : DEFAULT_HEARTBEAT_SECONDS) * 1000);
            current.subscribed = true;
            failures = 0;
            tracker.reset(event.getSubscribed().getGetState(), Optional.of(masterOf(current)));
            LOG.info("Subscribed to the operator events of {}", current.uri);
            changed(now);
        } else if (tracker.apply(event)) {
            changed(now);
        }
        current.silentUntil = now + 2 * current.heartbeatMillis + settings.heartbeatSlack().toMillis();
    }

    private void changed(long now) {
        if (pending) {
            return;
        }
        if (now - lastDeliveredAt >= gapMillis) {
            deliver(now);
        } else {
            pending = true;
            deliverAt = lastDeliveredAt + gapMillis;
        }
    }

    private void deliver(long now) {
        pending = false;
        ClusterState state = tracker.state();
        if (state.equals(lastDelivered)) {
            return;
        }
        lastDelivered = state;
        lastDeliveredAt = now;
        try {
            onChange.accept(state);
        } catch (RuntimeException e) {
            LOG.warn("The cluster state consumer failed", e);
        }
        gapMillis = Math.max(settings.coalesceWindow().toMillis(), 2 * (clock.millis() - now));
    }

    private void fail(String reason, long now) {
        long delay = Math.min(settings.maxBackoff().toMillis(),
                settings.initialBackoff().toMillis() << Math.min(failures, 20));
        failures++;
        LOG.info("{}; subscribing again in {} ms", reason, delay);
        drop();
        retryAt = now + delay;
    }

    private void drop() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    private static Master masterOf(Connection connection) {
        String host = connection.servedBy.getHost();
        int port = connection.servedBy.getPort();
        LeaderInfo leader = connection.leader;
        if (host.equals(leader.ip()) && port == leader.port()) {
            String hostname = leader.hostname() == null || leader.hostname().isEmpty() ? leader.ip() : leader.hostname();
            return new Master(hostname, leader.ip(), leader.port());
        }
        // redirected elsewhere: all that is known is the address
        return new Master(host, host, port);
    }

    private static URI uriOf(LeaderInfo leader) {
        return URI.create("http://" + leader.address() + "/api/v1");
    }

    // ------------------------------------------------------------------ reader threads

    private void read(Connection from, InputStream body) {
        try (InputStream in = body) {
            if (from.closed) {
                return;
            }
            RecordIo.Reader reader = new RecordIo.Reader(in);
            Optional<byte[]> record;
            while ((record = reader.next()).isPresent()) {
                signals.add(new Received(from, Event.parseFrom(record.get())));
            }
            signals.add(new Ended(from, "end of stream"));
        } catch (IOException e) {
            signals.add(new Ended(from, e.toString()));
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.debug("Closing a response body failed", e);
        }
    }

    /** One SUBSCRIBE: its fields are read and written on the feed thread, except where volatile. */
    private static final class Connection {
        final LeaderInfo leader;
        final URI uri;
        final int hops;
        long silentUntil;
        boolean subscribed;
        long heartbeatMillis;
        CompletableFuture<?> answer;
        URI servedBy;
        volatile InputStream body;
        volatile boolean closed;

        Connection(LeaderInfo leader, URI uri, int hops, long silentUntil) {
            this.leader = leader;
            this.uri = uri;
            this.hops = hops;
            this.silentUntil = silentUntil;
            this.servedBy = uri;
        }

        /** Closing the body ends the reader's blocking read; an answer still to come is closed when it arrives. */
        void close() {
            closed = true;
            if (answer != null) {
                answer.cancel(false);
            }
            InputStream in = body;
            if (in != null) {
                closeQuietly(in);
            }
        }
    }

    private sealed interface Signal permits LeaderChanged, Answered, Received, Ended, Stop {
    }

    private record LeaderChanged(Optional<LeaderInfo> leader) implements Signal {
    }

    private record Answered(Connection connection, HttpResponse<InputStream> response) implements Signal {
    }

    private record Received(Connection connection, Event event) implements Signal {
    }

    private record Ended(Connection connection, String reason) implements Signal {
    }

    private record Stop() implements Signal {
    }
}

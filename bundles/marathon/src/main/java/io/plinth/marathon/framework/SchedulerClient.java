package io.plinth.marathon.framework;

import com.google.protobuf.InvalidProtocolBufferException;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The init scheduler's connection to the resource manager, as a framework on the Mesos v1 scheduler
 * HTTP API ({@code POST /api/v1/scheduler}) in protobuf, as Marathon speaks it: JSON costs the master
 * and the scheduler several times the CPU per call and event.
 *
 * <p>After {@link #start()} a reader thread of its own finds the leading master through the
 * {@link LeaderDetector} (group {@value #MASTER_GROUP}), POSTs SUBSCRIBE, follows 307 redirects and
 * reads the RecordIO event stream, handing events to the {@link SchedulerListener} on that thread.
 * When the stream ends, breaks, or stays silent for {@value #HEARTBEATS_MISSED} heartbeat intervals,
 * it re-subscribes with the framework id it knows: at once when the leader moved, otherwise after a
 * capped exponential backoff.
 *
 * <p>The framework id comes from the constructor or from the first SUBSCRIBED and is kept for every
 * later SUBSCRIBE. It is dropped only when the master refuses it as removed (a 403 to SUBSCRIBE or an
 * ERROR saying "has been removed"): then the listener hears {@link SchedulerListener#frameworkRemoved}
 * and the client subscribes as a new framework, as Marathon does after its framework id is expunged.
 * Other ERROR events (such as "Framework failed over") are reported and followed by a re-subscription
 * after backoff; whoever owns the client closes it when it loses leadership, so two schedulers do not
 * take the id from each other for long.
 *
 * <p>Calls never block: each is one asynchronous POST on the current stream's master, with its
 * {@code Mesos-Stream-Id} and the framework id, at most {@value #MAX_IN_FLIGHT} at a time, the rest
 * queued: calls about offers (ACCEPT, DECLINE, REVIVE, ...) before KILLs and ACKNOWLEDGEs, each lane
 * in order, and a KILL of a task whose KILL still waits dropped (a burst of kills is not multiplied
 * by retries). A call made while not subscribed, or queued for a stream that ended, is dropped
 * (the listener reconciles after the next {@link SchedulerListener#subscribed}); an answer other than
 * 202 is logged with its body. Calls are thread-safe and may be made from listener callbacks.
 *
 * <p>{@link #close()} ends the stream and the thread; it is safe to call twice and from a callback.
 */
public final class SchedulerClient implements AutoCloseable {

    /** Election group of the masters. */
    public static final String MASTER_GROUP = "mesos";
    /** Path of the scheduler API on a master. */
    public static final String PATH = "/api/v1/scheduler";
    /** Header naming the subscription stream on every call but SUBSCRIBE. */
    public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";
    /** Heartbeat intervals without any event after which a stream counts as dead. */
    public static final int HEARTBEATS_MISSED = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerClient.class);
    private static final String PROTOBUF = "application/x-protobuf";
    private static final int MAX_REDIRECTS = 3;
    private static final int MAX_ERROR_TEXT = 1000;
    private static final String REMOVED = "has been removed";
    /**
     * Calls on the wire at once; later ones queue in order. Each call holds a connection and, on the
     * master, a request thread until it is handled: unbounded, a burst of thousands of acknowledgements
     * ran the node out of file descriptors.
     */
    static final int MAX_IN_FLIGHT = 16;

    private final SchedulerSettings settings;
    private final LeaderDetector detector;
    private final HttpClient http;
    private final SchedulerListener listener;
    private final Thread thread;
    private final ScheduledExecutorService watchdog;
    private final Object lock = new Object();

    // guarded by lock
    private boolean started;
    private boolean closed;
    private boolean tornDown;
    private boolean wake;
    private Optional<LeaderInfo> leader = Optional.empty();
    private Optional<String> frameworkId;
    private Stream current;
    private CompletableFuture<?> pendingSubscribe;
    private Registration leaderWatch;
    private int inFlight;
    /** Calls about offers (and REVIVE, SUPPRESS, RECONCILE, TEARDOWN): they go before the rest. */
    private final ArrayDeque<Outgoing> urgent = new ArrayDeque<>();
    /** KILLs and ACKNOWLEDGEs, in order. */
    private final ArrayDeque<Outgoing> queued = new ArrayDeque<>();
    /** Tasks with a KILL in {@code queued}: a repeated kill of one of them is dropped. */
    private final Set<String> queuedKills = new HashSet<>();

    /**
     * A client that does nothing until {@link #start()}.
     *
     * @param frameworkId the id persisted from an earlier run, to fail over to; empty for a new framework
     */
    public SchedulerClient(SchedulerSettings settings, LeaderDetector detector, HttpClient http, SchedulerListener listener,
                           Optional<String> frameworkId) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.http = Objects.requireNonNull(http, "http");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.frameworkId = Objects.requireNonNull(frameworkId, "frameworkId").filter(id -> !id.isBlank());
        this.thread = new Thread(this::run, "plinth-marathon-framework");
        thread.setDaemon(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread watch = new Thread(runnable, "plinth-marathon-framework-watchdog");
            watch.setDaemon(true);
            return watch;
        });
    }

    /**
     * Starts following the leader and subscribing. Call once.
     *
     * @throws IllegalStateException if started before or closed
     */
    public void start() {
        synchronized (lock) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            started = true;
        }
        Registration watch = detector.watch(MASTER_GROUP, this::leaderChanged);
        synchronized (lock) {
            // close() may have run while the watch was being registered
            if (closed) {
                watch.close();
                return;
            }
            leaderWatch = watch;
        }
        thread.start();
    }

    /** Whether a stream is open and the master confirmed it with SUBSCRIBED: calls are sent now. */
    public boolean isSubscribed() {
        synchronized (lock) {
            return current != null && current.subscribed;
        }
    }

    /** The framework id in use: given at construction or learned from SUBSCRIBED; empty before the first. */
    public Optional<String> frameworkId() {
        synchronized (lock) {
            return frameworkId;
        }
    }

    // ------------------------------------------------------------------------------------ calls

    /** ACCEPTs the offers (all from one agent) with the operations; what is left is refused for {@code refuseSeconds}. */
    public void accept(List<String> offerIds, List<Offer.Operation> operations, double refuseSeconds) {
        send(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addAllOfferIds(offerIds(offerIds))
                .addAllOperations(operations)
                .setFilters(refuse(refuseSeconds))));
    }

    /** ACCEPTs the offers with one LAUNCH of the tasks. */
    public void launch(List<String> offerIds, List<TaskInfo> tasks, double refuseSeconds) {
        accept(offerIds, List.of(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(tasks)).build()), refuseSeconds);
    }

    /** DECLINEs the offers; the master offers those resources again after {@code refuseSeconds}. */
    public void decline(List<String> offerIds, double refuseSeconds) {
        send(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addAllOfferIds(offerIds(offerIds))
                .setFilters(refuse(refuseSeconds))));
    }

    /**
     * KILLs a task.
     *
     * @param agentId     the agent it runs on, or null if unknown
     * @param gracePeriod time between SIGTERM and SIGKILL, overriding the task's own kill policy
     */
    public void kill(String taskId, String agentId, Optional<Duration> gracePeriod) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
        if (agentId != null) {
            kill.setAgentId(AgentID.newBuilder().setValue(agentId));
        }
        gracePeriod.ifPresent(grace -> kill.setKillPolicy(KillPolicy.newBuilder()
                .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(grace.toNanos()))));
        send(Call.newBuilder().setType(Call.Type.KILL).setKill(kill));
    }

    /**
     * ACKNOWLEDGEs a status update so the master stops resending it. Updates without a uuid (those
     * answering a reconciliation, or generated by the master) need none and are skipped.
     */
    public void acknowledge(TaskStatus status) {
        if (!status.hasUuid() || status.getUuid().isEmpty()) {
            return;
        }
        if (!status.hasAgentId()) {
            LOG.warn("Cannot acknowledge the update of {} with a uuid but no agent id", status.getTaskId().getValue());
            return;
        }
        send(Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(status.getAgentId())
                .setTaskId(status.getTaskId())
                .setUuid(status.getUuid())));
    }

    /** RECONCILEs the tasks: the master answers with an update for each; an empty list asks for all known tasks. */
    public void reconcile(List<Call.Reconcile.Task> tasks) {
        send(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)));
    }

    /** REVIVEs offers in all roles and clears the refuse filters. */
    public void revive() {
        send(Call.newBuilder().setType(Call.Type.REVIVE));
    }

    /** SUPPRESSes offers in all roles until {@link #revive()}. */
    public void suppress() {
        send(Call.newBuilder().setType(Call.Type.SUPPRESS));
    }

    /**
     * TEARDOWN: the master kills every task and removes the framework for good. The client does not
     * subscribe again after this stream ends; {@link #close()} it afterwards.
     */
    public void teardown() {
        if (send(Call.newBuilder().setType(Call.Type.TEARDOWN))) {
            synchronized (lock) {
                tornDown = true;
                lock.notifyAll();
            }
        }
    }

    /** @return whether the call went out (its answer is only logged) */
    private boolean send(Call.Builder builder) {
        Stream stream;
        String id;
        synchronized (lock) {
            stream = current;
            id = frameworkId.orElse(null);
        }
        if (stream == null || !stream.subscribed || id == null) {
            LOG.debug("Not subscribed: dropping {}", builder.getType());
            return false;
        }
        Outgoing call = new Outgoing(stream, builder.setFrameworkId(FrameworkID.newBuilder().setValue(id)).build());
        synchronized (lock) {
            if (inFlight >= MAX_IN_FLIGHT) {
                Call.Type type = call.call.getType();
                if (type == Call.Type.KILL) {
                    if (queuedKills.add(call.call.getKill().getTaskId().getValue())) {
                        queued.add(call);
                    }
                } else if (type == Call.Type.ACKNOWLEDGE) {
                    queued.add(call);
                } else {
                    urgent.add(call);
                }
                return true;
            }
            inFlight++;
        }
        dispatch(call);
        return true;
    }

    /** Sends one call and, when it is answered, the next queued one (calls for an ended stream are dropped). */
    private void dispatch(Outgoing first) {
        Outgoing call = first;
        while (call != null && call.stream.ended) {
            LOG.debug("Stream ended: dropping {}", call.call.getType());
            call = next();
        }
        if (call == null) {
            return;
        }
        Outgoing sent = call;
        HttpRequest request = post(sent.stream.endpoint, sent.call).header(STREAM_ID_HEADER, sent.stream.streamId).build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.warn("{} to {} failed: {}", sent.call.getType(), sent.stream.endpoint, failure.toString());
            } else if (response.statusCode() != 202) {
                LOG.warn("{} to {} answered {}: {}", sent.call.getType(), sent.stream.endpoint, response.statusCode(),
                        abbreviate(response.body()));
            }
            dispatch(next());
        });
    }

    /** The next queued call, keeping its slot; null (and the slot freed) when none waits. */
    private Outgoing next() {
        synchronized (lock) {
            Outgoing call = urgent.poll();
            if (call == null) {
                call = queued.poll();
                if (call != null && call.call.getType() == Call.Type.KILL) {
                    queuedKills.remove(call.call.getKill().getTaskId().getValue());
                }
            }
            if (call == null) {
                inFlight--;
            }
            return call;
        }
    }

    /** A call for the stream it was made on. */
    private record Outgoing(Stream stream, Call call) {
    }

    private HttpRequest.Builder post(URI endpoint, Call call) {
        return HttpRequest.newBuilder(endpoint)
                .timeout(settings.requestTimeout())
                .header("Content-Type", PROTOBUF)
                .header("Accept", PROTOBUF)
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.toByteArray()));
    }

    private static List<OfferID> offerIds(List<String> ids) {
        return ids.stream().map(id -> OfferID.newBuilder().setValue(id).build()).toList();
    }

    private static Filters refuse(double seconds) {
        return Filters.newBuilder().setRefuseSeconds(seconds).build();
    }

    // ------------------------------------------------------------------------------ subscription

    @Override
    public void close() {
        Stream stream;
        Registration watch;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stream = current;
            watch = leaderWatch;
            if (pendingSubscribe != null) {
                pendingSubscribe.cancel(true);
            }
            lock.notifyAll();
        }
        if (watch != null) {
            watch.close();
        }
        if (stream != null) {
            stream.abort();
        }
        watchdog.shutdownNow();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Scheduler client thread did not stop within 10 s");
            }
        }
    }

    private void leaderChanged(Optional<LeaderInfo> newLeader) {
        Stream stale = null;
        synchronized (lock) {
            Optional<LeaderInfo> previous = leader;
            leader = newLeader;
            // no leader for a moment (a ZooKeeper hiccup) says nothing about the master we talk to;
            // only another master's election makes the stream stale. A stream reached through a
            // redirect may differ from the detector's view without either being stale, hence both tests.
            if (newLeader.isPresent()) {
                URI endpoint = endpoint(newLeader.get());
                if (current != null && !current.endpoint.equals(endpoint) && !newLeader.equals(previous)) {
                    stale = current;
                }
                wake = true;
                lock.notifyAll();
            }
        }
        if (stale != null) {
            LOG.info("Master moved to {}, re-subscribing", newLeader.get().address());
            stale.abort();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff(), ThreadLocalRandom.current()::nextDouble);
        URI redirect = null;
        int redirects = 0;
        while (!isFinished()) {
            URI endpoint;
            synchronized (lock) {
                // leader changes seen up to here are in this attempt's endpoint already
                wake = false;
                endpoint = redirect != null ? redirect : leader.map(SchedulerClient::endpoint).orElse(null);
            }
            redirect = null;
            if (endpoint == null) {
                LOG.debug("No leading master yet");
                pause(settings.maxBackoff());
                continue;
            }
            Optional<URI> next = Optional.empty();
            try {
                next = subscribe(endpoint, backoff);
            } catch (IOException | RuntimeException e) {
                if (!isFinished()) {
                    LOG.info("Stream from {} ended: {}", endpoint, e.toString());
                }
            }
            if (next.isPresent() && redirects < MAX_REDIRECTS) {
                redirect = next.get();
                redirects++;
                continue;
            }
            redirects = 0;
            if (!isFinished()) {
                pause(backoff.next());
            }
        }
        LOG.debug("Scheduler client thread ends");
    }

    /**
     * One SUBSCRIBE and, if accepted, its whole stream.
     *
     * @return where a 307 answer points, to subscribe there at once
     */
    private Optional<URI> subscribe(URI endpoint, Backoff backoff) throws IOException {
        Optional<String> id = frameworkId();
        HttpRequest request = post(endpoint, subscribeCall(id)).build();
        CompletableFuture<HttpResponse<InputStream>> answer = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        synchronized (lock) {
            if (closed) {
                answer.cancel(true);
                return Optional.empty();
            }
            pendingSubscribe = answer;
        }
        HttpResponse<InputStream> response;
        try {
            response = answer.get();
        } catch (CancellationException e) {
            return Optional.empty(); // closed meanwhile
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } finally {
            synchronized (lock) {
                pendingSubscribe = null;
            }
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 307) {
                Optional<String> location = response.headers().firstValue("Location");
                LOG.info("{} does not lead, redirected to {}", endpoint, location.orElse("nowhere"));
                return location.map(endpoint::resolve);
            }
            Optional<String> streamId = response.headers().firstValue(STREAM_ID_HEADER);
            if (status != 200 || streamId.isEmpty()) {
                String text = text(body);
                LOG.warn("SUBSCRIBE to {} answered {}{}: {}", endpoint, status,
                        status == 200 ? " without a stream id" : "", text);
                if (status == 403 && text.contains(REMOVED)) {
                    removed(id, text);
                }
                return Optional.empty();
            }
            Stream stream = new Stream(endpoint, streamId.get(), body);
            synchronized (lock) {
                if (closed) {
                    return Optional.empty();
                }
                current = stream;
            }
            try {
                watch(stream, stream.watchGeneration);
                read(stream, id, backoff);
            } finally {
                stream.ended = true;
                synchronized (lock) {
                    current = null;
                }
                if (stream.subscribed) {
                    deliver("disconnected", listener::disconnected);
                }
            }
        }
        return Optional.empty();
    }

    private Call subscribeCall(Optional<String> id) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
                .setName(settings.name())
                .setUser(settings.user())
                .setFailoverTimeout(settings.failoverTimeoutSeconds())
                // Marathon's default: tasks outlive an agent restart
                .setCheckpoint(true)
                .addCapabilities(capability(FrameworkInfo.Capability.Type.PARTITION_AWARE))
                .addCapabilities(capability(FrameworkInfo.Capability.Type.TASK_KILLING_STATE));
        if (settings.roles().size() > 1) {
            info.addAllRoles(settings.roles()).addCapabilities(capability(FrameworkInfo.Capability.Type.MULTI_ROLE));
        } else if (settings.roles().size() == 1) {
            info.setRole(settings.roles().get(0));
        }
        if (settings.hostname() != null && !settings.hostname().isBlank()) {
            info.setHostname(settings.hostname());
        }
        if (settings.webuiUrl() != null && !settings.webuiUrl().isBlank()) {
            info.setWebuiUrl(settings.webuiUrl());
        }
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE);
        id.ifPresent(value -> {
            FrameworkID frameworkIdValue = FrameworkID.newBuilder().setValue(value).build();
            info.setId(frameworkIdValue);
            call.setFrameworkId(frameworkIdValue);
        });
        return call.setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info)).build();
    }

    private static FrameworkInfo.Capability capability(FrameworkInfo.Capability.Type type) {
        return FrameworkInfo.Capability.newBuilder().setType(type).build();
    }

    private void read(Stream stream, Optional<String> subscribedAs, Backoff backoff) throws IOException {
        RecordIo.Reader reader = new RecordIo.Reader(stream.body);
        while (true) {
            Optional<byte[]> record = reader.next();
            if (record.isEmpty()) {
                LOG.info("Master {} ended the stream", stream.endpoint);
                return;
            }
            stream.lastEventNanos = System.nanoTime();
            Event event;
            try {
                event = Event.parseFrom(record.get());
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                // one unreadable event must not cost the stream: updates come again until acknowledged
                LOG.warn("Ignoring an unreadable event: {}", e.getMessage());
                continue;
            }
            switch (event.getType()) {
                case SUBSCRIBED -> {
                    String id = event.getSubscribed().getFrameworkId().getValue();
                    double interval = event.getSubscribed().getHeartbeatIntervalSeconds();
                    synchronized (lock) {
                        frameworkId = Optional.of(id);
                        stream.heartbeatNanos = interval > 0 ? (long) (interval * 1e9) : 0;
                        stream.subscribed = true;
                    }
                    backoff.reset();
                    LOG.info("Subscribed to {} as framework {}", stream.endpoint, id);
                    watch(stream, ++stream.watchGeneration);
                    deliver("subscribed", () -> listener.subscribed(id, interval));
                }
                case HEARTBEAT -> LOG.trace("Heartbeat from {}", stream.endpoint);
                case OFFERS -> deliver("offers", () -> listener.offers(event.getOffers().getOffersList()));
                case RESCIND -> deliver("rescinded", () -> listener.rescinded(event.getRescind().getOfferId().getValue()));
                case UPDATE -> deliver("update", () -> listener.update(event.getUpdate().getStatus()));
                case FAILURE -> deliver("failure", () -> listener.failure(event.getFailure()));
                case ERROR -> {
                    String message = event.getError().getMessage();
                    LOG.warn("Master {} sent ERROR: {}", stream.endpoint, message);
                    deliver("error", () -> listener.error(message));
                    if (message.contains(REMOVED)) {
                        removed(subscribedAs, message);
                    }
                    return;
                }
                default -> LOG.debug("Ignoring a {} event", event.getType());
            }
        }
    }

    /** The master will not take {@code id} again: forget it so the next SUBSCRIBE registers anew. */
    private void removed(Optional<String> id, String message) {
        if (id.isEmpty()) {
            return;
        }
        synchronized (lock) {
            if (!frameworkId.equals(id)) {
                return;
            }
            frameworkId = Optional.empty();
        }
        LOG.warn("Framework {} was removed by the master; subscribing as a new framework", id.get());
        deliver("frameworkRemoved", () -> listener.frameworkRemoved(id.get(), message));
    }

    /**
     * Checks the stream's silence when it may first exceed what is allowed: the request timeout until
     * SUBSCRIBED, then {@value #HEARTBEATS_MISSED} heartbeat intervals (none if the master sends no
     * heartbeats). A dead stream is aborted, which makes the reader re-subscribe. SUBSCRIBED starts a
     * new generation of checks, which ends the one timed for the request timeout.
     */
    private void watch(Stream stream, int generation) {
        if (stream.ended || stream.watchGeneration != generation) {
            return;
        }
        long allowed = stream.subscribed ? HEARTBEATS_MISSED * stream.heartbeatNanos : settings.requestTimeout().toNanos();
        if (allowed <= 0) {
            return;
        }
        long silence = System.nanoTime() - stream.lastEventNanos;
        if (silence >= allowed) {
            LOG.warn("No event from {} for {} ms, re-subscribing", stream.endpoint, TimeUnit.NANOSECONDS.toMillis(silence));
            stream.abort();
            return;
        }
        try {
            watchdog.schedule(() -> watch(stream, generation), allowed - silence, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("Watchdog stopped: client closed");
        }
    }

    private void deliver(String callback, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("Scheduler listener failed in {}", callback, e);
        }
    }

    private static URI endpoint(LeaderInfo leader) {
        return URI.create("http://" + leader.ip() + ":" + leader.port() + PATH);
    }

    /** Waits for the delay, a new leader or close, whichever comes first. */
    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            try {
                long left;
                while (!closed && !tornDown && !wake && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
            wake = false;
        }
    }

    private boolean isFinished() {
        synchronized (lock) {
            return closed || tornDown;
        }
    }

    private static String text(InputStream body) throws IOException {
        return abbreviate(new String(body.readNBytes(MAX_ERROR_TEXT), StandardCharsets.UTF_8));
    }

    private static String abbreviate(String text) {
        String flat = text == null ? "" : text.strip().replace('\n', ' ');
        return flat.length() > MAX_ERROR_TEXT ? flat.substring(0, MAX_ERROR_TEXT) + "..." : flat;
    }

    /** One open event stream. */
    private static final class Stream {
        final URI endpoint;
        final String streamId;
        final InputStream body;
        volatile long lastEventNanos = System.nanoTime();
        volatile long heartbeatNanos;
        volatile boolean subscribed;
        volatile boolean ended;
        /** Written by the reader thread only. */
        volatile int watchGeneration;

        Stream(URI endpoint, String streamId, InputStream body) {
            this.endpoint = endpoint;
            this.streamId = streamId;
            this.body = body;
        }

        /** Ends the stream: the reader's blocked read fails at once and it re-subscribes. */
        void abort() {
            try {
                body.close();
            } catch (IOException e) {
                LOG.debug("Closing the stream from {} failed", endpoint, e);
            }
        }
    }
}

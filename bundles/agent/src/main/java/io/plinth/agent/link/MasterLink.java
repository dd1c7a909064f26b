package io.plinth.agent.link;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.agent.core.AgentCore;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's HTTP link to the leading master (protocol: {@code io.plinth.mesos.api.agent}).
 *
 * <p>A link thread of its own finds the leader through the {@link LeaderDetector} (group
 * {@value AgentLink#MASTER_GROUP}), POSTs SUBSCRIBE, follows 307 redirects, then reads the RecordIO
 * event stream and hands each event to the {@link AgentCore}. When the stream ends, breaks, goes
 * silent for three ping intervals, or the leader moves, it re-subscribes: at once after a leader
 * change, otherwise after a capped exponential backoff. Other calls (UPDATE, PONG) go out
 * asynchronously on the current stream, at most {@value #MAX_IN_FLIGHT} at a time (a PONG before
 * waiting updates); a 400 or 307 answer ends that stream, which makes the link re-subscribe. A scheduler tick asks the core to retry unacknowledged updates.
 *
 * <p>Thread-safe. {@link #close()} stops everything and is safe to call twice.
 */
public final class MasterLink implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);
    private static final int MAX_REDIRECTS = 3;
    private static final int MAX_ERROR_TEXT = 1000;
    /** Missed pings tolerated before a silent stream counts as dead. */
    private static final int PINGS_MISSED = 3;
    /**
     * Calls of this agent on the wire at once. Each holds a connection and a master request thread
     * until handled: an agent reporting hundreds of task starts at once must not open hundreds.
     */
    static final int MAX_IN_FLIGHT = 4;
    /** Most status updates sent in one UPDATE call when several wait. */
    static final int MAX_UPDATES_PER_CALL = 64;

    private final LinkSettings settings;
    private final HttpClient http;
    private final ObjectMapper mapper = AgentLink.newCborMapper();
    private final AgentCore core;
    private final Registration leaderWatch;
    private final ScheduledFuture<?> ticks;
    private final Thread thread;
    private final Object lock = new Object();

    // guarded by lock
    private boolean closed;
    private boolean wake;
    private Optional<LeaderInfo> leader = Optional.empty();
    private Stream current;
    private int inFlight;
    private final ArrayDeque<Outgoing> queued = new ArrayDeque<>();
    private CompletableFuture<?> pendingSubscribe;

    /**
     * Builds the core through {@code coreFactory} (handing it this link's outbox), recovers it, and
     * starts: the link thread, the leader watch and the ticks.
     */
    public MasterLink(LinkSettings settings, LeaderDetector detector, HttpClient http, ScheduledExecutorService scheduler,
                      Function<Consumer<AgentCall>, AgentCore> coreFactory) {
        this.settings = settings;
        this.http = http;
        this.core = coreFactory.apply(this::send);
        core.recover();
        thread = new Thread(this::run, "plinth-agent-link-" + settings.name());
        thread.setDaemon(true);
        leaderWatch = detector.watch(AgentLink.MASTER_GROUP, this::leaderChanged);
        long tick = settings.tickInterval().toNanos();
        ticks = scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.NANOSECONDS);
        thread.start();
    }

    public AgentCore core() {
        return core;
    }

    /** Whether a stream to a master is open and confirmed by SUBSCRIBED. */
    public boolean isSubscribed() {
        synchronized (lock) {
            return current != null && current.subscribed;
        }
    }

    @Override
    public void close() {
        Stream stream;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stream = current;
            if (pendingSubscribe != null) {
                pendingSubscribe.cancel(true);
            }
            lock.notifyAll();
        }
        leaderWatch.close();
        ticks.cancel(false);
        core.close();
        if (stream != null) {
            stream.abort();
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("Link thread of {} did not stop within 10 s", settings.name());
            }
        }
    }

    private void leaderChanged(Optional<LeaderInfo> newLeader) {
        Stream stale = null;
        synchronized (lock) {
            leader = newLeader;
            // no leader for a moment (a ZooKeeper hiccup) says nothing about the current master;
            // only another master's election makes the stream stale
            if (newLeader.isPresent()) {
                URI endpoint = endpoint(newLeader.get());
                if (current != null && !current.endpoint.equals(endpoint)) {
                    stale = current;
                }
                wake = true;
                lock.notifyAll();
            }
        }
        if (stale != null) {
            LOG.info("Agent {}: master moved to {}, re-subscribing", settings.name(), newLeader.get().address());
            stale.abort();
        }
    }

    private void run() {
        Backoff backoff = new Backoff(settings.minBackoff(), settings.maxBackoff(), ThreadLocalRandom.current()::nextDouble);
        URI redirect = null;
        int redirects = 0;
        while (!isClosed()) {
            URI endpoint;
            synchronized (lock) {
                // leader changes seen up to here are in this attempt's endpoint already
                wake = false;
                endpoint = redirect != null ? redirect : leader.map(MasterLink::endpoint).orElse(null);
            }
            redirect = null;
            if (endpoint == null) {
                LOG.debug("Agent {}: no leading master yet", settings.name());
                pause(settings.maxBackoff());
                continue;
            }
            Optional<URI> next = Optional.empty();
            try {
                next = subscribe(endpoint, backoff);
            } catch (IOException | RuntimeException e) {
                if (!isClosed()) {
                    LOG.info("Agent {}: stream from {} ended: {}", settings.name(), endpoint, e.toString());
                }
            } finally {
                synchronized (lock) {
                    current = null;
                    pendingSubscribe = null;
                }
                core.onDisconnected();
            }
            if (next.isPresent() && redirects < MAX_REDIRECTS) {
                redirect = next.get();
                redirects++;
                continue;
            }
            redirects = 0;
            if (!isClosed()) {
                pause(backoff.next());
            }
        }
        LOG.debug("Link thread of {} ends", settings.name());
    }

    /**
     * One SUBSCRIBE and, if accepted, its whole stream.
     *
     * @return where a 307 answer points, to subscribe there at once
     */
    private Optional<URI> subscribe(URI endpoint, Backoff backoff) throws IOException {
        HttpRequest request = post(endpoint, core.subscribeCall(), null).timeout(settings.requestTimeout()).build();
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
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status == 307) {
                Optional<String> location = response.headers().firstValue("Location");
                LOG.info("Agent {}: {} does not lead, redirected to {}", settings.name(), endpoint, location.orElse("nowhere"));
                return location.map(endpoint::resolve);
            }
            Optional<String> streamId = response.headers().firstValue(AgentLink.STREAM_ID_HEADER);
            if (status != 200 || streamId.isEmpty()) {
                LOG.warn("Agent {}: SUBSCRIBE to {} answered {}{}: {}", settings.name(), endpoint, status,
                        streamId.isEmpty() ? " without a stream id" : "", text(body));
                return Optional.empty();
            }
            Stream stream = new Stream(endpoint, streamId.get(), body);
            synchronized (lock) {
                if (closed) {
                    return Optional.empty();
                }
                current = stream;
            }
            read(stream, backoff);
        }
        return Optional.empty();
    }

    private void read(Stream stream, Backoff backoff) throws IOException {
        RecordIo.Reader reader = new RecordIo.Reader(stream.body);
        while (true) {
            Optional<byte[]> record = reader.next();
            if (record.isEmpty()) {
                LOG.info("Agent {}: master {} ended the stream", settings.name(), stream.endpoint);
                return;
            }
            stream.lastEventNanos = System.nanoTime();
            AgentEvent event;
            try {
                event = mapper.readValue(record.get(), AgentEvent.class);
            } catch (JsonProcessingException e) {
                // one event this agent cannot read must not cost it the stream; the master retries what matters
                LOG.warn("Agent {}: ignoring an unreadable event: {}", settings.name(), e.getOriginalMessage());
                continue;
            }
            if (event.type() == AgentEvent.Type.SUBSCRIBED) {
                stream.pingIntervalNanos = (long) (event.subscribed().pingIntervalSeconds() * 1e9);
                stream.subscribed = true;
                backoff.reset();
            }
            core.onEvent(event);
            if (event.type() == AgentEvent.Type.ERROR) {
                return;
            }
        }
    }

    /** The core's outbox: UPDATE and PONG on the current stream. Never blocks. */
    private void send(AgentCall call) {
        Stream stream;
        synchronized (lock) {
            stream = current;
        }
        if (stream == null) {
            // no stream, no master to tell: updates wait in the core for the next SUBSCRIBED
            return;
        }
        Outgoing outgoing = new Outgoing(stream, call);
        synchronized (lock) {
            if (inFlight >= MAX_IN_FLIGHT) {
                if (call.type() == AgentCall.Type.PONG) {
                    queued.addFirst(outgoing); // a late pong makes the master count the agent as gone
                } else {
                    queued.add(outgoing);
                }
                return;
            }
            inFlight++;
        }
        dispatch(outgoing);
    }

    /** Sends one call and, once it is answered, the next queued one; calls for a stream that is no longer current are dropped. */
    private void dispatch(Outgoing first) {
        Outgoing next = first;
        HttpRequest request = null;
        while (next != null && request == null) {
            boolean stale;
            synchronized (lock) {
                stale = next.stream != current;
            }
            if (!stale) {
                try {
                    request = post(next.stream.endpoint, next.call, next.stream.streamId)
                            .timeout(settings.requestTimeout()).build();
                } catch (JsonProcessingException e) {
                    LOG.error("Agent {}: cannot write a {} call", settings.name(), next.call.type(), e);
                }
            }
            if (request == null) {
                next = nextQueued();
            }
        }
        if (next == null) {
            return;
        }
        Stream stream = next.stream;
        AgentCall call = next.call;
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            if (failure != null) {
                LOG.debug("Agent {}: {} to {} failed: {}", settings.name(), call.type(), stream.endpoint, failure.toString());
            } else if (response.statusCode() == 400 || response.statusCode() == 307) {
                LOG.info("Agent {}: {} answered {} to {} ({}), re-subscribing", settings.name(), stream.endpoint,
                        response.statusCode(), call.type(), abbreviate(response.body()));
                stream.abort();
            } else if (response.statusCode() / 100 != 2) {
                LOG.warn("Agent {}: {} answered {} to {}: {}", settings.name(), stream.endpoint, response.statusCode(),
                        call.type(), abbreviate(response.body()));
            }
            dispatch(nextQueued());
        });
    }

    /**
     * The next queued call, keeping its slot; null (and the slot freed) when none waits. Updates that
     * waited one after another for the same stream go out together in one call.
     */
    private Outgoing nextQueued() {
        synchronized (lock) {
            Outgoing call = queued.poll();
            if (call == null) {
                inFlight--;
                return null;
            }
            if (call.call.type() != AgentCall.Type.UPDATE || !isUpdateFor(queued.peek(), call.stream)) {
                return call;
            }
            List<AgentCall.Update> updates = new ArrayList<>(call.call.allUpdates());
            while (updates.size() < MAX_UPDATES_PER_CALL && isUpdateFor(queued.peek(), call.stream)) {
                updates.addAll(queued.poll().call.allUpdates());
            }
            return new Outgoing(call.stream, AgentCall.updates(call.call.agentId(), updates));
        }
    }

    private static boolean isUpdateFor(Outgoing outgoing, Stream stream) {
        return outgoing != null && outgoing.stream == stream && outgoing.call.type() == AgentCall.Type.UPDATE;
    }

    /** A call for the stream it was made on. */
    private record Outgoing(Stream stream, AgentCall call) {
    }

    private void tick() {
        try {
            core.retryDue();
            Stream stream;
            synchronized (lock) {
                stream = current;
            }
            if (stream != null) {
                long silence = System.nanoTime() - stream.lastEventNanos;
                long allowed = stream.subscribed
                        ? Math.max(PINGS_MISSED * stream.pingIntervalNanos, settings.requestTimeout().toNanos())
                        : settings.requestTimeout().toNanos();
                if (silence > allowed) {
                    LOG.warn("Agent {}: no event from {} for {} ms, re-subscribing", settings.name(), stream.endpoint,
                            TimeUnit.NANOSECONDS.toMillis(silence));
                    stream.abort();
                }
            }
        } catch (RuntimeException e) {
            // a failing tick must not cancel the schedule
            LOG.error("Agent {}: tick failed", settings.name(), e);
        }
    }

    private HttpRequest.Builder post(URI endpoint, AgentCall call, String streamId) throws JsonProcessingException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint)
                .header("Content-Type", AgentLink.CBOR_TYPE)
                .header("Accept", AgentLink.CBOR_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(call)));
        if (streamId != null) {
            builder.header(AgentLink.STREAM_ID_HEADER, streamId);
        }
        return builder;
    }

    private static URI endpoint(LeaderInfo leader) {
        return URI.create("http://" + leader.ip() + ":" + leader.port() + AgentLink.PATH);
    }

    /** Waits for the delay, a new leader or close, whichever comes first. */
    private void pause(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        synchronized (lock) {
            try {
                long left;
                while (!closed && !wake && (left = deadline - System.nanoTime()) > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
            wake = false;
        }
    }

    private boolean isClosed() {
        synchronized (lock) {
            return closed;
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
        volatile long pingIntervalNanos;
        volatile boolean subscribed;

        Stream(URI endpoint, String streamId, InputStream body) {
            this.endpoint = endpoint;
            this.streamId = streamId;
            this.body = body;
        }

        /** Ends the stream: the link thread's read fails at once and it re-subscribes. */
        void abort() {
            try {
                body.close();
            } catch (IOException e) {
                LOG.debug("Closing a stream from {} failed", endpoint, e);
            }
        }
    }
}

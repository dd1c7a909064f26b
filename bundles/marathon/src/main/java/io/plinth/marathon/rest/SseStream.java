package io.plinth.marathon.rest;

import io.plinth.marathon.api.EventStream;
import io.plinth.marathon.api.MarathonEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.ws.rs.core.StreamingOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of {@code /v2/events}: the scheduler's events as Server-Sent Events
 * ({@code event: <eventType>\ndata: <json>\n\n}), each flushed as soon as it is written, optionally only
 * those whose type is in {@code types}. A bare {@code \r\n} (what Marathon's Jetty event source sends)
 * goes out at once, so the client sees the answer start, and again after every quiet
 * {@code heartbeat}, so that a client that went away is noticed by a failing write.
 *
 * <p>Lifecycle: {@link #open} subscribes on the request thread before the answer starts; {@link #write}
 * then runs on the request thread until the stream ends: {@link #close} (leadership lost, component
 * gone), the client goes away, or more than {@code capacity} events wait for a slow client. The event
 * stream's thread only enqueues. Ending closes the subscription and calls {@code onEnd} once.
 */
public final class SseStream implements StreamingOutput {

    private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
    private static final byte[] HEARTBEAT = "\r\n".getBytes(StandardCharsets.UTF_8);
    /** Put in the queue to wake the writer; recognised by identity. */
    private static final MarathonEvent WAKE = new MarathonEvent("", "");

    private final EventStream events;
    private final Set<String> types;
    private final Duration heartbeat;
    private final int capacity;
    private final Consumer<SseStream> onEnd;
    private final LinkedBlockingQueue<MarathonEvent> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile AutoCloseable subscription;

    /** @param types event types to send; empty for all */
    public SseStream(EventStream events, Set<String> types, Duration heartbeat, int capacity, Consumer<SseStream> onEnd) {
        this.events = Objects.requireNonNull(events, "events");
        this.types = Set.copyOf(types);
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeat must be positive");
        }
        this.heartbeat = heartbeat;
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.onEnd = Objects.requireNonNull(onEnd, "onEnd");
    }

    /** Subscribes; events wait here until {@link #write} sends them. Failing to subscribe ends the stream. */
    public void open() {
        try {
            subscription = events.subscribe(this::deliver);
        } catch (RuntimeException e) {
            close();
            end();
            throw e;
        }
        if (closed.get()) {
            closeSubscription();
        }
    }

    /** Ends the stream soon; safe from any thread, any number of times. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeSubscription();
            queue.offer(WAKE);
        }
    }

    /** Sends events until the stream ends; returns normally when the client went away. */
    @Override
    public void write(OutputStream out) {
        try {
            send(out, HEARTBEAT);
            while (!closed.get()) {
                MarathonEvent event = queue.poll(heartbeat.toNanos(), TimeUnit.NANOSECONDS);
                if (closed.get()) {
                    break;
                }
                if (event == null) {
                    send(out, HEARTBEAT);
                } else if (event != WAKE) {
                    queued.decrementAndGet();
                    send(out, frame(event));
                }
            }
        } catch (IOException e) {
            LOG.debug("Event stream client went away: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close();
            end();
        }
    }

    /** One event in SSE framing; a line break inside the JSON continues it on another {@code data:} line. */
    static byte[] frame(MarathonEvent event) {
        StringBuilder text = new StringBuilder("event: ").append(event.eventType()).append('\n');
        for (String line : event.json().split("\r?\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private void deliver(MarathonEvent event) {
        if (closed.get() || (!types.isEmpty() && !types.contains(event.eventType()))) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            LOG.info("Ending an event stream: more than {} events waited for a slow client", capacity);
            close();
            return;
        }
        queue.offer(event);
    }

    private static void send(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        // each event must reach the client now, not when a buffer fills up
        out.flush();
    }

    private void closeSubscription() {
        AutoCloseable handle = subscription;
        if (handle != null) {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.debug("Closing the event subscription failed", e);
            }
        }
    }

    private void end() {
        if (ended.compareAndSet(false, true)) {
            queue.clear();
            onEnd.accept(this);
        }
    }
}

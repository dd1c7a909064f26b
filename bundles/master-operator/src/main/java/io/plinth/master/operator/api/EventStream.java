package io.plinth.master.operator.api;

import io.plinth.mesos.api.ResourceManager;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.mesos.v1.master.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One operator API SUBSCRIBE: the leading master's events, framed with RecordIO in the encoding the
 * client accepts, each record flushed as soon as it is written. The first record is
 * {@code SUBSCRIBED}, which states {@code heartbeat_interval_seconds}; from then on a
 * {@code HEARTBEAT} follows at that interval, whatever else is sent, so that a client can tell a
 * quiet master from a dead connection.
 *
 * <p>Lifecycle: {@link #open} subscribes (on the request thread, before the answer starts, so that
 * failing to subscribe can still be answered with an error); {@link #writeTo} then runs on the request
 * thread until the stream ends: when {@link #close} is called (this master stops leading, the
 * component goes away), when the client goes away (a write fails: noticed at the latest with the next
 * heartbeat), or when the client reads too slowly and more than {@code capacity} events wait. The
 * master's listener thread only enqueues, it never blocks. Ending closes the subscription and calls
 * {@code onEnd} once.
 */
public final class EventStream {

    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);

    private final ResourceManager manager;
    private final Encoding encoding;
    private final Duration heartbeat;
    private final int capacity;
    private final Consumer<EventStream> onEnd;

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Put in the queue to wake the writer; recognised by identity. */
    private final Event wake = Event.newBuilder().setType(Event.Type.UNKNOWN).build();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile AutoCloseable subscription;
    private volatile String endReason = "closed";

    /**
     * @param heartbeat interval of HEARTBEAT events unless the master's SUBSCRIBED states one
     * @param capacity  most events that may wait for a slow client before the stream is ended
     * @param onEnd     called once, with this stream, when it has ended
     */
    public EventStream(ResourceManager manager, Encoding encoding, Duration heartbeat, int capacity,
                       Consumer<EventStream> onEnd) {
        this.manager = Objects.requireNonNull(manager, "manager");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
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

    /** The master this stream follows. */
    public ResourceManager manager() {
        return manager;
    }

    public Encoding encoding() {
        return encoding;
    }

    /**
     * Subscribes to the master's events; they wait in this stream until {@link #writeTo} sends them.
     *
     * @throws RuntimeException whatever the master's {@code subscribe} throws (the stream is then ended)
     */
    public void open() {
        try {
            subscription = manager.subscribe(this::deliver);
        } catch (RuntimeException e) {
            endReason = "subscribing failed: " + e;
            close();
            end();
            throw e;
        }
        if (closed.get()) {
            // closed while subscribing: the subscription must not outlive the stream
            closeSubscription();
        }
    }

    /** Ends the stream: {@link #writeTo} returns soon after. Safe from any thread, any number of times. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeSubscription();
            queue.offer(wake);
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Sends the events to {@code out} until the stream ends, flushing after each record. Returns
     * normally when the client went away: that is how streams end.
     */
    public void writeTo(OutputStream out) {
        long intervalNanos = heartbeat.toNanos();
        long nextHeartbeat = 0;
        boolean subscribed = false;
        try {
            while (!closed.get()) {
                long wait = subscribed ? Math.max(0, nextHeartbeat - System.nanoTime()) : intervalNanos;
                Event event = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (closed.get()) {
                    break;
                }
                if (event != null && event != wake) {
                    queued.decrementAndGet();
                    if (!subscribed) {
                        if (event.getType() != Event.Type.SUBSCRIBED) {
                            // the contract says SUBSCRIBED comes first; a client could not make sense of anything else
                            LOG.warn("The master's first event was {}, not SUBSCRIBED; ending the stream", event.getType());
                            endReason = "no SUBSCRIBED";
                            break;
                        }
                        Event.Subscribed details = event.getSubscribed();
                        if (details.getHeartbeatIntervalSeconds() > 0) {
                            intervalNanos = (long) (details.getHeartbeatIntervalSeconds() * 1e9);
                        } else {
                            event = event.toBuilder().setSubscribed(details.toBuilder()
                                    .setHeartbeatIntervalSeconds(heartbeat.toNanos() / 1e9)).build();
                        }
                        subscribed = true;
                        nextHeartbeat = System.nanoTime() + intervalNanos;
                    }
                    send(out, event);
                }
                if (subscribed && System.nanoTime() - nextHeartbeat >= 0) {
                    send(out, Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
                    nextHeartbeat += intervalNanos;
                    if (System.nanoTime() - nextHeartbeat > 0) {
                        // a write blocked for longer than an interval: one heartbeat, not a burst to catch up
                        nextHeartbeat = System.nanoTime() + intervalNanos;
                    }
                }
            }
        } catch (IOException e) {
            endReason = "client went away (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            endReason = "interrupted";
            Thread.currentThread().interrupt();
        } finally {
            close();
            end();
        }
    }

    /** The master's listener: enqueue, never block. */
    private void deliver(Event event) {
        if (closed.get()) {
            return;
        }
        if (queued.incrementAndGet() > capacity) {
            endReason = "more than " + capacity + " events waited for a slow client";
            close();
            return;
        }
        queue.offer(event);
    }

    private void send(OutputStream out, Event event) throws IOException {
        out.write(RecordIo.frame(encoding.encode(event)));
        // each record must reach the client now, not when a buffer fills up
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
            LOG.debug("Operator event stream ended: {}", endReason);
            onEnd.accept(this);
        }
    }
}

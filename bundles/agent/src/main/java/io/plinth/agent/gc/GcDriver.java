package io.plinth.agent.gc;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls {@link SandboxGc#collect()} on the given executor every {@code diskCheckInterval} of the collector's
 * settings, first right away (a disk that filled up while the agent was down is relieved at once). Runs never
 * overlap. The executor stays the caller's: {@link #close()} only stops the calls, lets one in progress finish,
 * and may be called any number of times, from any thread.
 */
public final class GcDriver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GcDriver.class);

    private final SandboxGc gc;
    private final ScheduledFuture<?> task;

    public GcDriver(SandboxGc gc, ScheduledExecutorService executor) {
        this.gc = Objects.requireNonNull(gc, "gc");
        Duration interval = gc.settings().diskCheckInterval();
        this.task = executor.scheduleWithFixedDelay(this::collect, 0, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void collect() {
        try {
            gc.collect();
        } catch (RuntimeException e) {
            // An exception escaping a periodic task silently cancels all later runs; the disk would fill up.
            LOG.error("Sandbox collection failed, trying again at the next interval", e);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}

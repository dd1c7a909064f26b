package io.plinth.marathon.framework;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: every failure doubles the delay up to the cap, and the
 * delay is drawn from the upper half of it so that schedulers failing together do not return together.
 * Not thread-safe: owned by the client's reader thread.
 */
final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private long currentNanos;

    Backoff(Duration min, Duration max, DoubleSupplier random) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
        this.currentNanos = minNanos;
    }

    /** The delay before the next attempt; counts one more failure. */
    Duration next() {
        long base = currentNanos;
        currentNanos = base > maxNanos / 2 ? maxNanos : Math.min(maxNanos, base * 2);
        long half = base / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (base - half)));
    }

    /** After a success the next delay is the shortest again. */
    void reset() {
        currentNanos = minNanos;
    }
}

package io.plinth.agent.link;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Capped exponential backoff with jitter: each failure doubles the delay up to the cap, and a delay
 * is drawn from its upper half, so that many agents losing one master do not all return at once.
 * Not thread-safe: one per link thread.
 */
final class Backoff {

    private final long minNanos;
    private final long maxNanos;
    private final DoubleSupplier random;
    private int failures;

    Backoff(Duration min, Duration max, DoubleSupplier random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more failure. */
    Duration next() {
        long base = minNanos;
        for (int i = 0; i < failures && base < maxNanos; i++) {
            base = Math.min(maxNanos, base * 2);
        }
        failures++;
        long half = base / 2;
        return Duration.ofNanos(half + (long) (random.getAsDouble() * (base - half)));
    }

    /** After a success: the next delay is the shortest again. */
    void reset() {
        failures = 0;
    }
}

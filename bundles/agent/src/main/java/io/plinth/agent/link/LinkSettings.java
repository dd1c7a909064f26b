package io.plinth.agent.link;

import java.time.Duration;
import java.util.Objects;

/**
 * How one agent's link behaves. Immutable.
 *
 * @param name           the agent's name in thread names and logs ({@code agent}, {@code simulated-3})
 * @param minBackoff     the first delay before re-subscribing after a failure
 * @param maxBackoff     the cap of the doubling delays
 * @param requestTimeout how long a request waits for a master's answer (for SUBSCRIBE: its headers
 *                       and then its SUBSCRIBED event)
 * @param tickInterval   how often unacknowledged updates and the stream's liveness are checked
 */
public record LinkSettings(String name, Duration minBackoff, Duration maxBackoff, Duration requestTimeout,
                           Duration tickInterval) {

    public LinkSettings {
        Objects.requireNonNull(name, "name");
        new Backoff(minBackoff, maxBackoff, () -> 0); // validates
        if (requestTimeout.isNegative() || requestTimeout.isZero() || tickInterval.isNegative() || tickInterval.isZero()) {
            throw new IllegalArgumentException("timeouts and intervals must be positive");
        }
    }

    /** Mesos-like defaults: retries from half a second up to half a minute. */
    public static LinkSettings defaults(String name) {
        return new LinkSettings(name, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(1));
    }
}

package io.plinth.marathon.framework;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the init scheduler presents itself as a Mesos framework and how its {@link SchedulerClient}
 * paces its connection.
 *
 * @param name                   framework name ({@code marathon})
 * @param user                   user tasks run as unless they say otherwise
 * @param roles                  roles to subscribe with; empty means the default role {@code *}, more than
 *                               one makes the framework MULTI_ROLE
 * @param failoverTimeoutSeconds how long the master keeps the framework's tasks after its stream ends
 * @param hostname               host name shown in the master's UI, or null for none
 * @param webuiUrl               link to this scheduler's UI, or null for none
 * @param requestTimeout         longest wait for an answer to SUBSCRIBE or a call, and for the first event
 * @param minBackoff             first delay before re-subscribing after a failure
 * @param maxBackoff             cap of the doubling delay
 */
public record SchedulerSettings(String name, String user, List<String> roles, double failoverTimeoutSeconds,
                                String hostname, String webuiUrl, Duration requestTimeout, Duration minBackoff,
                                Duration maxBackoff) {

    public SchedulerSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        roles = List.copyOf(Objects.requireNonNull(roles, "roles"));
        if (!(failoverTimeoutSeconds >= 0) || Double.isInfinite(failoverTimeoutSeconds)) {
            throw new IllegalArgumentException("failoverTimeoutSeconds must be finite and >= 0, got " + failoverTimeoutSeconds);
        }
        positive(requestTimeout, "requestTimeout");
        positive(minBackoff, "minBackoff");
        positive(maxBackoff, "maxBackoff");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below minBackoff " + minBackoff);
        }
    }

    private static void positive(Duration duration, String field) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + duration);
        }
    }
}

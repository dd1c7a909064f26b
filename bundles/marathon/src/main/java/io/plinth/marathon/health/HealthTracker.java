package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.HealthCheckResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Marathon's bookkeeping of one health check of one task: folds check outcomes into a
 * {@link HealthCheckResult} and says when the task has failed too often.
 *
 * <p>Pure functions of their arguments, callable from any thread. The scheduler keeps one result per
 * (task, check index), starting from {@link #initial}, replaces it with {@link #apply} on every
 * outcome — a {@link HealthReport} of the {@link HealthCheckRunner} for HTTP/HTTPS/TCP checks, the
 * {@code healthy} flag of a Mesos status update for agent-side ones — and kills the task when
 * {@link #shouldKill} holds. Timestamps in results are ISO-8601 ({@link Instant#toString()}).
 */
public final class HealthTracker {

    private HealthTracker() {
    }

    /** The result of a check that has not reported yet: not alive, no failures, no timestamps. */
    public static HealthCheckResult initial(String taskId) {
        return new HealthCheckResult(false, 0, null, null, null, null, taskId, null);
    }

    /**
     * The result after one outcome of {@code check}.
     *
     * <p>A success makes the task alive, clears the failure count and stamps {@code lastSuccess}
     * ({@code firstSuccess} only the first time; the last failure and its cause stay, as in Marathon).
     * A failure makes it not alive, stamps {@code lastFailure} and its cause and counts one more
     * failure in a row — except, as Marathon's grace period, a failure before the task ever passed
     * that comes less than {@code gracePeriodSeconds} after {@code taskStartedAt}: that one is
     * ignored and {@code previous} is returned unchanged.
     *
     * @param cause         why the check failed; ignored on success
     * @param at            when the outcome was observed
     * @param taskStartedAt when the task started running
     */
    public static HealthCheckResult apply(HealthCheckResult previous, HealthCheck check, boolean passed,
                                          String cause, Instant at, Instant taskStartedAt) {
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(taskStartedAt, "taskStartedAt");
        String now = at.toString();
        if (passed) {
            return new HealthCheckResult(true, 0,
                    previous.firstSuccess() == null ? now : previous.firstSuccess(), now,
                    previous.lastFailure(), previous.lastFailureCause(), previous.taskId(), previous.instanceId());
        }
        if (previous.firstSuccess() == null && inGracePeriod(check, at, taskStartedAt)) {
            return previous;
        }
        return new HealthCheckResult(false, previous.consecutiveFailures() + 1,
                previous.firstSuccess(), previous.lastSuccess(), now, cause, previous.taskId(),
                previous.instanceId());
    }

    /** True when {@code check} allows failures in a row ({@code maxConsecutiveFailures} 0 = never) and {@code result} has reached that many. */
    public static boolean shouldKill(HealthCheckResult result, HealthCheck check) {
        return check.maxConsecutiveFailures() > 0 && result.consecutiveFailures() >= check.maxConsecutiveFailures();
    }

    private static boolean inGracePeriod(HealthCheck check, Instant at, Instant taskStartedAt) {
        return at.isBefore(taskStartedAt.plus(Duration.ofSeconds(Math.max(0, check.gracePeriodSeconds()))));
    }
}

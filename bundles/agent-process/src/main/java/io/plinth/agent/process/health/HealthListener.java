package io.plinth.agent.process.health;

/**
 * Receives the verdicts of one {@link HealthChecker}.
 *
 * <p>Calls come from a thread of the checker's {@code blocking} executor (never its timer), one at a
 * time and never concurrently for one checker, and never after {@link HealthChecker#close()} has
 * returned. Because of that last promise {@code close()} waits for a call in progress, so an
 * implementation must not block on another thread that is itself closing the same checker. Calling
 * {@code close()} from within a callback is fine. An exception thrown here is logged and otherwise
 * ignored.
 */
public interface HealthListener {

    /**
     * The first counted result, and every change of it afterwards (not every check).
     *
     * @param healthy whether the task passed its health check
     * @param detail  a human-readable account of the check that decided it
     */
    void healthChanged(boolean healthy, String detail);

    /**
     * {@code consecutive_failures} counted failures in a row: the task should be killed. Called at most
     * once; the checker has stopped before this call and makes no further calls.
     *
     * @param consecutiveFailures the number of failures in a row (equal to the check's limit)
     * @param lastFailure         the detail of the last failure
     */
    void failedTooOften(int consecutiveFailures, String lastFailure);
}

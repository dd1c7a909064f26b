package io.plinth.marathon.health;

import java.time.Instant;

/**
 * One outcome of a Marathon-side health check, as the {@link HealthCheckRunner} hands it over.
 *
 * @param taskId     the task probed
 * @param checkIndex the check's index in the app's {@code healthChecks} (agent-side checks included)
 * @param passed     whether it passed
 * @param cause      why it failed; null when it passed
 * @param at         when the outcome was known, on the runner's clock
 */
public record HealthReport(String taskId, int checkIndex, boolean passed, String cause, Instant at) {
}

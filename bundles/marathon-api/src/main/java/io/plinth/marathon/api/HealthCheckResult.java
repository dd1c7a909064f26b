package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The state of one health check of one task, as in Marathon's {@code healthCheckResults}. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record HealthCheckResult(
        boolean alive,
        int consecutiveFailures,
        String firstSuccess,
        String lastSuccess,
        String lastFailure,
        String lastFailureCause,
        String taskId,
        String instanceId) {
}

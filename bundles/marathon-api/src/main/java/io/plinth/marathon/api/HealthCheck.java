package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A health check of an app, in Marathon's shape.
 *
 * <p>{@code protocol}: {@code HTTP}, {@code HTTPS}, {@code TCP}, {@code COMMAND} (Marathon-side
 * checks, except {@code COMMAND}, which, as in Marathon, runs on the agent) or {@code MESOS_HTTP},
 * {@code MESOS_HTTPS}, {@code MESOS_TCP} (agent-side). The port is {@code port} if set, else the host
 * port at {@code portIndex} (default 0). A task is killed after {@code maxConsecutiveFailures}
 * failures in a row (0 = never) once {@code gracePeriodSeconds} after its start have passed or it
 * has passed a check.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HealthCheck(
        String protocol,
        String path,
        Integer portIndex,
        Integer port,
        Command command,
        int gracePeriodSeconds,
        int intervalSeconds,
        int timeoutSeconds,
        int maxConsecutiveFailures,
        boolean ignoreHttp1xx,
        int delaySeconds) {

    public static final int DEFAULT_GRACE_PERIOD_SECONDS = 300;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_TIMEOUT_SECONDS = 20;
    public static final int DEFAULT_MAX_CONSECUTIVE_FAILURES = 3;
    public static final int DEFAULT_DELAY_SECONDS = 15;

    /** True for the checks the agent runs ({@code MESOS_*} and {@code COMMAND}). */
    public boolean agentSide() {
        return protocol.startsWith("MESOS_") || protocol.equals("COMMAND");
    }

    /** The shell command of a {@code COMMAND} check. */
    public record Command(String value) {
    }
}

package io.plinth.marathon.core;

import io.plinth.marathon.api.HealthCheckResult;
import java.time.Instant;
import java.util.List;

/**
 * One task of an app as the scheduler knows it. Immutable; the core replaces it on every change.
 *
 * @param configVersion the app's {@code lastConfigChangeAt} when launched: a restart replaces the
 *                      instances whose config version differs from the app's
 * @param state         the Mesos task state name, {@code TASK_STAGING} until the agent says more
 * @param recovered     loaded from the store by a new leader and not yet confirmed by the master
 * @param killing       a kill was sent; it no longer counts towards the app's instances
 * @param health        one result per health check of its app (by index), null for checks not yet run;
 *                      an agent-side check's result follows the {@code healthy} flag of status updates
 */
public record Instance(
        String taskId,
        String appId,
        String version,
        String configVersion,
        String agentId,
        String host,
        List<Integer> hostPorts,
        List<Integer> servicePorts,
        String state,
        Instant stagedAt,
        Instant startedAt,
        boolean recovered,
        boolean killing,
        List<HealthCheckResult> health) {

    public Instance {
        hostPorts = List.copyOf(hostPorts);
        servicePorts = List.copyOf(servicePorts);
        health = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(health));
    }

    public boolean running() {
        return "TASK_RUNNING".equals(state);
    }

    public Instance withState(String newState, Instant newStartedAt) {
        return new Instance(taskId, appId, version, configVersion, agentId, host, hostPorts, servicePorts, newState,
                stagedAt, newStartedAt, false, killing, health);
    }

    public Instance asKilling() {
        return new Instance(taskId, appId, version, configVersion, agentId, host, hostPorts, servicePorts, state,
                stagedAt, startedAt, recovered, true, health);
    }

    public Instance withHealth(List<HealthCheckResult> newHealth) {
        return new Instance(taskId, appId, version, configVersion, agentId, host, hostPorts, servicePorts, state,
                stagedAt, startedAt, recovered, killing, newHealth);
    }
}

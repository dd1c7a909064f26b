package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One task of an app as {@code /v2/tasks} shows it.
 *
 * @param state       the Mesos task state name ({@code TASK_STAGING}, {@code TASK_RUNNING}, ...)
 * @param stagedAt    when it was launched (ISO-8601)
 * @param startedAt   when it was first seen running, null before
 * @param version     the app version it runs
 * @param ports       its host ports, in port definition order
 * @param servicePorts the app's service ports
 * @param healthCheckResults one per health check of the app, in order, once checked
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MarathonTask(
        String id,
        String appId,
        String slaveId,
        String host,
        String state,
        String stagedAt,
        String startedAt,
        String version,
        List<Integer> ports,
        List<Integer> servicePorts,
        List<IpAddress> ipAddresses,
        List<HealthCheckResult> healthCheckResults) {

    public MarathonTask {
        ports = List.copyOf(ports);
        servicePorts = List.copyOf(servicePorts);
        ipAddresses = List.copyOf(ipAddresses);
        healthCheckResults = List.copyOf(healthCheckResults);
    }

    /** Marathon's {@code localVolumes}: Plinth has no persistent volumes. */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "localVolumes", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public List<Object> localVolumes() {
        return List.of();
    }

    /** True when every health check passed last time (and there is at least one result per check). */
    public boolean healthy(int checks) {
        return healthCheckResults.size() >= checks && healthCheckResults.stream().allMatch(HealthCheckResult::alive);
    }

    public record IpAddress(String ipAddress, String protocol) {
    }
}

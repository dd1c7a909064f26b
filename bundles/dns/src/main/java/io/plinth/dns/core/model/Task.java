package io.plinth.dns.core.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task. state is the Mesos TaskState name ("TASK_RUNNING"...). hostPorts: every port of the task's
 * "ports" resources (ranges expanded, in order). discovery: Mesos DiscoveryInfo if the task has one.
 * networkIps: IP addresses of the task's latest status container_status.network_infos (in order).
 * labels: task labels (key -> value).
 */
public record Task(String id, String name, String frameworkId, String agentId, String state,
                   List<Integer> hostPorts, Optional<Discovery> discovery, List<String> networkIps,
                   Map<String, String> labels) {

    public Task {
        hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
        discovery = discovery == null ? Optional.empty() : discovery;
        networkIps = networkIps == null ? List.of() : List.copyOf(networkIps);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
}

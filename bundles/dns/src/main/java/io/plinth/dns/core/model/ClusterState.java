package io.plinth.dns.core.model;

import java.util.List;
import java.util.Optional;

/**
 * What the DNS knows of the cluster: a value, rebuilt and swapped atomically as events arrive.
 * Producers (the Mesos state poller or the operator-API subscriber) build a new instance per update;
 * readers on any thread may hold on to one because it never changes.
 */
public record ClusterState(Optional<Master> leader, List<Master> masters, List<Agent> agents,
                           List<Framework> frameworks, List<Task> tasks) {

    public ClusterState {
        leader = leader == null ? Optional.empty() : leader;
        masters = masters == null ? List.of() : List.copyOf(masters);
        agents = agents == null ? List.of() : List.copyOf(agents);
        frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    /** A cluster with no known leader, masters, agents, frameworks or tasks. */
    public static ClusterState empty() {
        return new ClusterState(Optional.empty(), List.of(), List.of(), List.of(), List.of());
    }
}

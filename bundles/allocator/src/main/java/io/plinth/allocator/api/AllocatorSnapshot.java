package io.plinth.allocator.api;

import io.plinth.mesos.api.resources.Resources;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The allocator's state at one moment, as immutable values (maps and sets sorted by id or name).
 * "Allocated" means offered or in use: the allocator does not tell the two apart.
 *
 * @param total           all agents' resources
 * @param allocated       all allocated resources
 * @param roles           roles that have frameworks, allocations or a configured weight
 * @param frameworks      per framework id
 * @param agents          per agent id
 * @param allocationRuns  how many cycles ran
 */
public record AllocatorSnapshot(Resources total, Resources allocated, Map<String, Role> roles,
                                Map<String, Framework> frameworks, Map<String, Agent> agents, long allocationRuns) {

    public AllocatorSnapshot {
        roles = sorted(roles);
        frameworks = sorted(frameworks);
        agents = sorted(agents);
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    private static Set<String> sorted(Set<String> set) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(set));
    }

    /**
     * @param weight        its weight
     * @param allocated     what its frameworks hold for it
     * @param frameworks    ids of the frameworks subscribed to it
     * @param dominantShare the largest fraction of the cluster's cpus, mem, disk or gpus it holds
     */
    public record Role(String name, double weight, Resources allocated, Set<String> frameworks, double dominantShare) {
        public Role {
            frameworks = sorted(frameworks);
        }
    }

    /**
     * @param allocatedByRole  what it holds per role it holds it for
     * @param allocatedByAgent what it holds per agent id
     * @param dominantShare    over everything it holds
     * @param filters          decline filters in force: agent id to expiry
     */
    public record Framework(String id, Set<String> roles, boolean active, Set<String> suppressedRoles,
                            Resources allocated, Map<String, Resources> allocatedByRole,
                            Map<String, Resources> allocatedByAgent, double dominantShare,
                            Map<String, Instant> filters) {
        public Framework {
            roles = sorted(roles);
            suppressedRoles = sorted(suppressedRoles);
            allocatedByRole = sorted(allocatedByRole);
            allocatedByAgent = sorted(allocatedByAgent);
            filters = sorted(filters);
        }
    }

    /** @param allocated everything allocated on it, also to frameworks not (yet) added */
    public record Agent(String id, String hostname, boolean active, Resources total, Resources allocated) {

        /** What could be offered: total minus allocated. */
        public Resources available() {
            return total.minus(allocated);
        }
    }
}

package io.plinth.dns.core.model;

import java.util.List;

/** A task's Mesos DiscoveryInfo: visibility ("FRAMEWORK", "CLUSTER", "EXTERNAL"), service name, named ports. */
public record Discovery(String visibility, String name, List<DiscoveryPort> ports) {

    public Discovery {
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}

package io.plinth.master.operator.state;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.MasterInfo;

/**
 * The few Mesos master flags that have a meaning for Plinth's master, with the values it actually
 * runs with, for {@code /master/state}'s {@code flags} and GET_FLAGS. Plinth has no Mesos command
 * line: tools read these to learn the address and that no authentication is required.
 */
public final class MasterFlags {

    private MasterFlags() {
    }

    /** Flag name to value, in a stable order. */
    public static Map<String, String> of(MasterInfo master, Optional<String> cluster) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("authenticate_agents", "false");
        flags.put("authenticate_frameworks", "false");
        flags.put("authenticate_http_frameworks", "false");
        flags.put("authenticate_http_readonly", "false");
        flags.put("authenticate_http_readwrite", "false");
        cluster.ifPresent(name -> flags.put("cluster", name));
        if (master.hasHostname()) {
            flags.put("hostname", master.getHostname());
        }
        flags.put("ip", Addresses.ip(master));
        flags.put("port", Integer.toString(master.getPort()));
        return flags;
    }
}

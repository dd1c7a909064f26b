package io.plinth.zookeeper.ensemble;

import java.util.Objects;

/**
 * Where the status asks one member, and the name it shows the answer under.
 *
 * @param hostname name shown in the status
 * @param host     address the probe connects to
 * @param port     the member's client port
 */
public record ProbeTarget(String hostname, String host, int port) {

    public ProbeTarget {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(host, "host");
    }
}

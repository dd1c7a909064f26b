package io.plinth.coordination.api;

import java.util.Objects;

/**
 * Who leads (or stands for) a group: the participant's unique id and the address other nodes use
 * to reach it. Stored in the group's election node as Mesos' {@code MasterInfo} JSON, so Mesos-aware
 * tools can read it.
 *
 * @param group    election group, for example {@code mesos}
 * @param id       unique id of the participant (changes on every start of the node)
 * @param hostname host name other nodes use
 * @param ip       advertised IPv4 address, dotted
 * @param port     port of the node's HTTP API
 * @param version  Plinth version of the participant
 */
public record LeaderInfo(String group, String id, String hostname, String ip, int port, String version) {

    public LeaderInfo {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(ip, "ip");
    }

    /** {@code ip:port}, the form Marathon's {@code /v2/leader} answers with. */
    public String address() {
        return ip + ":" + port;
    }
}

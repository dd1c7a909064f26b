package io.plinth.coordination.election;

import java.util.UUID;

import io.plinth.coordination.api.LeaderInfo;

/**
 * How this node presents itself in every election it enters.
 *
 * @param hostname name other nodes use to reach it
 * @param ip       advertised IPv4 address, dotted
 * @param port     port of its HTTP API
 * @param version  Plinth version it runs
 */
public record NodeIdentity(String hostname, String ip, int port, String version) {

    public NodeIdentity {
        MasterInfoCodec.mesosIp(ip); // fail at configuration, not at the first election
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port);
        }
        if (hostname == null || hostname.isBlank()) {
            hostname = ip;
        }
    }

    /** A participant for one election of {@code group}: a fresh id, so each term is told apart. */
    public LeaderInfo participant(String group) {
        return new LeaderInfo(group, UUID.randomUUID().toString(), hostname, ip, port, version);
    }
}

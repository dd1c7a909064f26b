package io.plinth.zookeeper.ensemble;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One server of the ensemble, as the {@code servers} setting lists it.
 *
 * @param id           ZooKeeper server id ({@code myid}): the member's position in the list, from 1
 * @param host         address the other members and the status probe use
 * @param peerPort     port followers connect to when this member leads
 * @param electionPort port of leader election
 * @param clientPort   port clients (and the status probe) connect to
 */
public record Member(int id, String host, int peerPort, int electionPort, int clientPort) {

    static final String SYNTAX = "host:peerPort:electionPort[;clientPort]";

    public Member {
        if (id < 1) {
            throw new IllegalArgumentException("member id must be 1 or more, was " + id);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("member " + id + " has no host");
        }
        checkPort("peer port of member " + id, peerPort);
        checkPort("election port of member " + id, electionPort);
        checkPort("client port of member " + id, clientPort);
    }

    /**
     * Parses the {@code servers} setting: comma-separated {@code host:peerPort:electionPort[;clientPort]}
     * entries, listed in id order from 1. Positions rather than explicit ids keep the one setting
     * identical on every node, so a single environment variable describes the whole ensemble.
     *
     * @param servers           the setting; blank means no ensemble (standalone)
     * @param defaultClientPort client port of members whose entry does not name one
     * @throws IllegalArgumentException naming the first malformed entry
     */
    public static List<Member> parseList(String servers, int defaultClientPort) {
        if (servers == null || servers.isBlank()) {
            return List.of();
        }
        String[] entries = servers.split(",", -1);
        List<Member> members = new ArrayList<>(entries.length);
        for (int i = 0; i < entries.length; i++) {
            members.add(parse(i + 1, entries[i].trim(), defaultClientPort));
        }
        rejectSharedAddresses(members);
        return List.copyOf(members);
    }

    /** ZooKeeper's value for {@code server.<id>}. */
    public String quorumSpec() {
        return host + ":" + peerPort + ":" + electionPort;
    }

    private static Member parse(int id, String entry, int defaultClientPort) {
        String where = "servers entry " + id + " \"" + entry + "\"";
        if (entry.isEmpty()) {
            throw new IllegalArgumentException("servers entry " + id + " is empty; expected " + SYNTAX);
        }
        String quorumPart = entry;
        int clientPort = defaultClientPort;
        int semicolon = entry.indexOf(';');
        if (semicolon >= 0) {
            quorumPart = entry.substring(0, semicolon).trim();
            clientPort = port(where, "client port", entry.substring(semicolon + 1).trim());
        }
        // From the right, so that a bracketed IPv6 host ([fd00::1]:2888:3888) keeps its colons.
        int electionColon = quorumPart.lastIndexOf(':');
        int peerColon = electionColon > 0 ? quorumPart.lastIndexOf(':', electionColon - 1) : -1;
        if (peerColon <= 0) {
            throw new IllegalArgumentException(where + " does not match " + SYNTAX);
        }
        String host = quorumPart.substring(0, peerColon).trim();
        if (host.isEmpty()) {
            throw new IllegalArgumentException(where + " has no host; expected " + SYNTAX);
        }
        int peerPort = port(where, "peer port", quorumPart.substring(peerColon + 1, electionColon).trim());
        int electionPort = port(where, "election port", quorumPart.substring(electionColon + 1).trim());
        return new Member(id, host, peerPort, electionPort, clientPort);
    }

    private static int port(String where, String what, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": " + what + " \"" + text + "\" is not a number; expected "
                    + SYNTAX);
        }
        checkPort(where + ": " + what, port);
        return port;
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " must be 1-65535, was " + port);
        }
    }

    /**
     * Two ports on one socket is a copy-paste slip that ZooKeeper would report only as a bind error on
     * one node, or as an election that never ends.
     */
    private static void rejectSharedAddresses(List<Member> members) {
        Set<String> seen = new HashSet<>();
        for (Member member : members) {
            for (int port : new int[] {member.peerPort, member.electionPort, member.clientPort}) {
                String address = member.host + ":" + port;
                if (!seen.add(address)) {
                    throw new IllegalArgumentException("servers entry " + member.id + " \"" + member.quorumSpec()
                            + ";" + member.clientPort + "\" reuses " + address + " (peer, election and client"
                            + " ports of members on one host must all differ)");
                }
            }
        }
    }
}

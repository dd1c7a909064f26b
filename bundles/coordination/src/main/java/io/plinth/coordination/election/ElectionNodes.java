package io.plinth.coordination.election;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Names of election nodes. A participant's node is {@code json.info_} plus the ten-digit sequence
 * number ZooKeeper appends; Mesos reads only nodes with this prefix, and so do we (a group may hold
 * other nodes, such as Mesos' protobuf {@code info_} ones).
 */
final class ElectionNodes {

    /** Prefix Mesos gives its JSON election nodes. */
    static final String PREFIX = "json.info_";

    private ElectionNodes() {
    }

    /** The election nodes among {@code children}, lowest sequence (the leader) first. */
    static List<String> inOrder(Collection<String> children) {
        return children.stream()
                .filter(ElectionNodes::isElectionNode)
                .sorted(Comparator.comparingLong(ElectionNodes::sequence))
                .toList();
    }

    static boolean isElectionNode(String name) {
        if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
            return false;
        }
        try {
            Long.parseLong(name.substring(PREFIX.length()));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static long sequence(String name) {
        return Long.parseLong(name.substring(PREFIX.length()));
    }
}

package io.plinth.zookeeper.ensemble;

import io.plinth.zookeeper.api.MemberStatus;

/**
 * Turns a member's answer to ZooKeeper's {@code srvr} four-letter word into Exhibitor's status.
 *
 * <p>A serving server's answer holds a line {@code Mode: leader|follower|observer|standalone}; one that
 * runs but does not serve (electing, or shut down inside a live process) answers
 * {@code This ZooKeeper instance is not currently serving requests}.
 */
public final class SrvrAnswers {

    private static final String MODE = "Mode:";

    private SrvrAnswers() {
    }

    /**
     * The status of a member that accepted the connection and answered {@code answer} (possibly nothing,
     * when it closed or timed out before answering).
     */
    public static MemberStatus parse(String hostname, String answer) {
        for (String line : answer.split("\\R")) {
            String trimmed = line.trim();
            if (trimmed.startsWith(MODE)) {
                return fromMode(hostname, trimmed.substring(MODE.length()).trim());
            }
        }
        // Covers "not currently serving requests" and anything else a live process may say, such as
        // "srvr is not executed because it is not in the whitelist": it runs, yet we cannot see it serve.
        return notServing(hostname);
    }

    /** The status of a member nothing answered for at its client port. */
    public static MemberStatus down(String hostname) {
        return new MemberStatus(hostname, MemberStatus.DOWN, "down", false);
    }

    private static MemberStatus fromMode(String hostname, String mode) {
        return switch (mode) {
            case "leader", "standalone" -> new MemberStatus(hostname, MemberStatus.SERVING, "serving", true);
            case "follower", "observer" -> new MemberStatus(hostname, MemberStatus.SERVING, "serving", false);
            // "read-only": a partitioned server answering reads only; the ensemble does not count it.
            default -> notServing(hostname);
        };
    }

    private static MemberStatus notServing(String hostname) {
        return new MemberStatus(hostname, MemberStatus.NOT_SERVING, "not serving", false);
    }
}

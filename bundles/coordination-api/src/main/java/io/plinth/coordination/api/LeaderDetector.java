package io.plinth.coordination.api;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Tells any node, master or agent, who leads an election group. Reads ZooKeeper; never caches a
 * leader beyond what a watch confirms.
 */
public interface LeaderDetector {

    /** The current leader of {@code group}, or empty if nobody leads it (or ZooKeeper is unreachable). */
    Optional<LeaderInfo> leader(String group);

    /** Every group that has an election node, mapped to its current leader; groups without a leader are left out. */
    Map<String, LeaderInfo> leaders();

    /**
     * Follows the leader of {@code group}. The listener is called once with the current leader soon
     * after registration and then after every change (empty while nobody leads). Calls for one
     * registration come from one thread, in order. Close the registration to stop.
     */
    Registration watch(String group, Consumer<Optional<LeaderInfo>> listener);
}

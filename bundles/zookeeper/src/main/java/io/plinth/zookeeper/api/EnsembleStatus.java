package io.plinth.zookeeper.api;

import java.util.List;

/**
 * The status of each member of this node's ZooKeeper ensemble, as Exhibitor reports it.
 *
 * <p>Provided by the {@code io.plinth.zookeeper} bundle for as long as its configuration is valid.
 * Any thread may call it, concurrently.
 */
public interface EnsembleStatus {

    /**
     * Asks every member now (no cache) and answers within about two seconds, however many members are
     * down or unreachable; a member that does not answer in time is reported {@link MemberStatus#DOWN}.
     *
     * @return one entry per member, in member id order; a standalone server is the only member
     */
    List<MemberStatus> members();
}

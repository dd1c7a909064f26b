package io.plinth.coordination.election;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plinth.coordination.api.ClusterSingleton;
import io.plinth.coordination.zk.ZnodeLayout;

/**
 * Runs cluster singletons on the node that leads their group. While at least one singleton of a
 * group is known, this node stands in the group's election; the singletons are started when it is
 * elected and stopped when it loses. If one fails to start, the node gives up leadership and stands
 * again after a back-off. See {@link ClusterSingleton} for the contract.
 *
 * <p>Each group gets one thread, created with the group and kept until {@link #close()}: it makes all
 * calls to the group's singletons, in order. Methods of this class may be called from any thread.
 */
public final class LeadershipManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipManager.class);

    /** How long {@link #close()} waits for singletons to stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final CuratorFramework client;
    private final ZnodeLayout layout;
    private final NodeIdentity node;
    private final Duration rejoinBackoff;
    private final MasterInfoCodec codec = new MasterInfoCodec();

    // Guarded by this
    private final Map<String, GroupLeadership> groups = new HashMap<>();
    private final Map<ClusterSingleton, String> groupOf = new IdentityHashMap<>();
    private boolean closed;

    /**
     * @param rejoinBackoff how long a node that gave up leadership after a failed start waits before
     *                      it stands again
     */
    public LeadershipManager(CuratorFramework client, ZnodeLayout layout, NodeIdentity node, Duration rejoinBackoff) {
        this.client = Objects.requireNonNull(client, "client");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.node = Objects.requireNonNull(node, "node");
        this.rejoinBackoff = Objects.requireNonNull(rejoinBackoff, "rejoinBackoff");
    }

    /**
     * Runs {@code singleton} whenever this node leads {@code group}.
     *
     * @throws IllegalArgumentException if {@code group} cannot be a group name
     */
    public synchronized void add(ClusterSingleton singleton, String group) {
        layout.checkName("group", group);
        if (closed) {
            return;
        }
        String current = groupOf.get(singleton);
        if (group.equals(current)) {
            return;
        }
        if (current != null) {
            remove(singleton);
        }
        groupOf.put(singleton, group);
        groups.computeIfAbsent(group, this::newGroup).add(singleton);
    }

    /** Stops {@code singleton} if it runs and forgets it; unknown singletons are ignored. */
    public synchronized void remove(ClusterSingleton singleton) {
        String group = groupOf.remove(singleton);
        if (group != null) {
            groups.get(group).remove(singleton);
        }
    }

    /** Whether this node currently leads {@code group} (and runs its singletons). */
    public synchronized boolean isLeading(String group) {
        GroupLeadership leadership = groups.get(group);
        return leadership != null && leadership.isLeading();
    }

    /**
     * Stops every singleton this node runs, leaves every election, and waits (a bounded time) for the
     * stops. Later calls of {@link #add} are ignored. Safe to call twice.
     */
    @Override
    public void close() {
        List<GroupLeadership> closing;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closing = new ArrayList<>(groups.values());
            groups.clear();
            groupOf.clear();
        }
        // Wait outside the lock: a singleton's stop() may unregister a service and so call remove().
        closing.forEach(GroupLeadership::close);
        try {
            for (GroupLeadership leadership : closing) {
                if (!leadership.awaitClosed(STOP_TIMEOUT)) {
                    LOG.warn("Cluster singletons did not stop within {} s", STOP_TIMEOUT.toSeconds());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private GroupLeadership newGroup(String group) {
        String groupPath = layout.group(group);
        return new GroupLeadership(group, listener -> {
            Election election = new Election(client, groupPath, node.participant(group), codec, listener);
            election.start();
            return election;
        }, rejoinBackoff);
    }
}

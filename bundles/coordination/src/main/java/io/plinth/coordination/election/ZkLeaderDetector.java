package io.plinth.coordination.election;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.coordination.zk.ZnodeLayout;
import io.plinth.coordination.zk.ZooKeeperHandle;

/**
 * Reads who leads a group from its election nodes: the lowest {@code json.info_} node, decoded from
 * MasterInfo JSON. Reads are tried once on the current ZooKeeper handle ({@link ZooKeeperHandle}): a
 * caller asking while ZooKeeper is unreachable is told promptly that nobody is known to lead. A group
 * name that cannot be a znode name has no leader.
 */
public final class ZkLeaderDetector implements LeaderDetector, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkLeaderDetector.class);

    /** Pause before a watch re-reads after a failed read that no connection change will follow. */
    private static final long RETRY_DELAY_MS = 1_000;

    private final CuratorFramework client;
    private final ZooKeeperHandle handle;
    private final ZnodeLayout layout;
    private final MasterInfoCodec codec;
    private final Set<LeaderWatch> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public ZkLeaderDetector(CuratorFramework client, ZnodeLayout layout, MasterInfoCodec codec) {
        this.client = client;
        this.handle = new ZooKeeperHandle(client);
        this.layout = layout;
        this.codec = codec;
    }

    @Override
    public Optional<LeaderInfo> leader(String group) {
        if (!layout.isValidName(group)) {
            return Optional.empty();
        }
        try {
            Optional<ZooKeeper> zk = handle.connected(Duration.ZERO);
            return zk.isEmpty() ? Optional.empty() : read(zk.get(), group, null);
        } catch (KeeperException e) {
            LOG.debug("Cannot read the leader of group '{}': {}", group, e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public Map<String, LeaderInfo> leaders() {
        Map<String, LeaderInfo> leaders = new TreeMap<>();
        try {
            Optional<ZooKeeper> zk = handle.connected(Duration.ZERO);
            if (zk.isEmpty()) {
                return leaders;
            }
            List<String> groups;
            try {
                groups = zk.get().getChildren(layout.leaders(), false);
            } catch (KeeperException.NoNodeException e) {
                return leaders;
            }
            for (String group : groups) {
                if (layout.isValidName(group)) {
                    read(zk.get(), group, null).ifPresent(leader -> leaders.put(group, leader));
                }
            }
        } catch (KeeperException e) {
            LOG.debug("Cannot read the leaders: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return leaders;
    }

    /**
     * Follows {@code group} with a child watch on its election znode: the listener runs on a thread of
     * the registration's own, once at first and then whenever the lowest node's participant changes
     * (a participant joining or leaving behind the leader changes nothing). While the connection is
     * suspended or lost, nobody is known to lead.
     */
    @Override
    public Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
        if (closed) {
            throw new IllegalStateException("Leader detector is closed");
        }
        LeaderWatch watch = new LeaderWatch(group, listener);
        watches.add(watch);
        watch.start();
        return watch;
    }

    /** Ends every watch. Safe to call twice. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(watches).forEach(LeaderWatch::close);
    }

    /**
     * The leader of {@code group}: the participant of the lowest election node. With a watcher, also
     * sets a child watch on the group (or an existence watch while it has no znode).
     */
    private Optional<LeaderInfo> read(ZooKeeper zk, String group, Watcher watcher)
            throws KeeperException, InterruptedException {
        String groupPath = layout.group(group);
        List<String> children;
        try {
            children = watcher == null ? zk.getChildren(groupPath, false) : zk.getChildren(groupPath, watcher);
        } catch (KeeperException.NoNodeException e) {
            if (watcher != null && zk.exists(groupPath, watcher) != null) {
                return read(zk, group, watcher); // created meanwhile
            }
            return Optional.empty();
        }
        for (String node : ElectionNodes.inOrder(children)) {
            byte[] bytes;
            try {
                bytes = zk.getData(ZKPaths.makePath(groupPath, node), false, null);
            } catch (KeeperException.NoNodeException leftMeanwhile) {
                continue; // the next in line leads now
            }
            try {
                return Optional.of(codec.decode(group, bytes));
            } catch (IllegalArgumentException e) {
                LOG.warn("The leader node {}/{} does not hold MasterInfo JSON: {}", groupPath, node, e.getMessage());
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private final class LeaderWatch implements Registration {

        private final String group;
        private final Consumer<Optional<LeaderInfo>> listener;
        private final ScheduledThreadPoolExecutor thread;
        private final Watcher watcher = event -> {
            if (event.getType() != Watcher.Event.EventType.None) {
                submit(this::refresh);
            }
        };
        private final ConnectionStateListener connectionListener = (client, state) ->
                submit(state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED
                        ? this::refresh : () -> deliver(Optional.empty()));
        private volatile boolean closed;
        // Watch thread only
        private Optional<LeaderInfo> delivered;

        LeaderWatch(String group, Consumer<Optional<LeaderInfo>> listener) {
            this.group = group;
            this.listener = listener;
            this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, "plinth-leader-watch-" + group);
                t.setDaemon(true);
                return t;
            });
            thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        }

        void start() {
            client.getConnectionStateListenable().addListener(connectionListener);
            submit(this::refresh);
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            client.getConnectionStateListenable().removeListener(connectionListener);
            thread.shutdown();
            watches.remove(this);
        }

        private void submit(Runnable task) {
            if (closed) {
                return;
            }
            try {
                thread.execute(task);
            } catch (RejectedExecutionException e) {
                // closed meanwhile
            }
        }

        private void refresh() {
            if (!layout.isValidName(group)) {
                deliver(Optional.empty());
                return;
            }
            try {
                Optional<ZooKeeper> zk = handle.connected(Duration.ZERO);
                // Not connected: a connection change will call refresh again.
                deliver(zk.isEmpty() ? Optional.empty() : read(zk.get(), group, watcher));
            } catch (KeeperException e) {
                LOG.debug("Cannot read the leader of group '{}', retrying: {}", group, e.getMessage());
                deliver(Optional.empty());
                try {
                    thread.schedule(this::refresh, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closedMeanwhile) {
                    // nothing to retry
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void deliver(Optional<LeaderInfo> leader) {
            if (closed || leader.equals(delivered)) {
                return;
            }
            delivered = leader;
            try {
                listener.accept(leader);
            } catch (RuntimeException e) {
                LOG.error("Leader listener of group '{}' failed", group, e);
            }
        }
    }
}

package io.plinth.coordination.election;

import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plinth.coordination.api.LeaderInfo;

/**
 * One participant in the election of one group, the way Mesos masters elect their leader: each
 * participant holds an ephemeral sequential {@code json.info_} node under the group's znode with its
 * MasterInfo JSON, the lowest sequence leads, and every other participant watches only the node just
 * below its own, so a departure wakes one participant rather than all.
 *
 * <p>All of the election's work (ZooKeeper calls, watch events, connection changes, listener calls)
 * runs on one thread per election, so none of it races. A suspended or lost connection ends
 * leadership at once: while disconnected, this node cannot know whether its session, and with it its
 * node, still exists.
 *
 * <p>Curator's protected mode is not used, because it renames the node and Mesos-aware readers look
 * for the {@code json.info_} prefix. Instead, after creating its node the participant deletes any
 * lower node carrying its own id: the ghost of a create whose reply was lost and that Curator retried.
 */
public final class Election implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Election.class);

    /** Pause before re-examining the group after an unexpected failure. */
    private static final long RETRY_DELAY_MS = 1_000;

    private final CuratorFramework client;
    private final String groupPath;
    private final LeaderInfo self;
    private final byte[] data;
    private final MasterInfoCodec codec;
    private final ElectionListener listener;
    private final ScheduledThreadPoolExecutor thread;
    private final Watcher watcher = event -> {
        if (event.getType() != Watcher.Event.EventType.None) {
            submit(this::examine);
        }
    };
    private final ConnectionStateListener connectionListener = this::connectionChanged;
    /** Counts connection changes as they happen, ahead of the queue: see {@link #examine()}. */
    private final AtomicLong connectionChanges = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();
    private final Object notifyLock = new Object();
    private volatile boolean closed;
    /** Written on the election thread only. */
    private volatile boolean leading;
    /** Our node's full path, or null while we have none; election thread only. */
    private String ourPath;

    /**
     * @param groupPath the group's znode, for example {@code /plinth/leaders/mesos}
     * @param self      this participant; its id must be unique to this election
     */
    public Election(CuratorFramework client, String groupPath, LeaderInfo self, MasterInfoCodec codec,
            ElectionListener listener) {
        this.client = client;
        this.groupPath = groupPath;
        this.self = self;
        this.codec = codec;
        this.data = codec.encode(self);
        this.listener = listener;
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "plinth-election-" + self.group());
            t.setDaemon(true);
            return t;
        });
        // A closed election must not wake up for a retry scheduled before it closed.
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Enters the election; returns at once, the node is created on the election thread. */
    public void start() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("Election of '" + self.group() + "' already started");
        }
        client.getConnectionStateListenable().addListener(connectionListener);
        submit(this::examine);
    }

    /** This participant. */
    public LeaderInfo participant() {
        return self;
    }

    /** Whether this participant currently leads, as last told to the listener. */
    public boolean isLeading() {
        return leading;
    }

    /**
     * Leaves the election: no listener call starts after this returns, and the participant's node is
     * deleted at once on the election thread, so the next participant takes over within milliseconds.
     * If ZooKeeper is unreachable, the deletion waits for it (or for the session to end). Does not
     * block; safe to call twice.
     */
    @Override
    public void close() {
        synchronized (notifyLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        try {
            thread.execute(this::withdraw);
        } catch (RejectedExecutionException e) {
            // already shut down
        }
        thread.shutdown();
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

    private void connectionChanged(CuratorFramework ignored, ConnectionState state) {
        connectionChanges.incrementAndGet();
        if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
            submit(this::examine);
        } else {
            // SUSPENDED, LOST, or READ_ONLY (no writes, so no election either)
            submit(() -> setLeading(false, "connection " + state));
        }
    }

    /**
     * Makes sure we have a node, then leads if it is the lowest, else watches the one below it.
     * Re-run after every watch event and every reconnection; idempotent.
     */
    private void examine() {
        if (closed) {
            return;
        }
        long changesBefore = connectionChanges.get();
        try {
            ensureOwnNode();
            String ourNode = ZKPaths.getNodeFromPath(ourPath);
            List<String> queue = ElectionNodes.inOrder(client.getChildren().forPath(groupPath));
            int position = queue.indexOf(ourNode);
            if (position < 0) {
                // Gone between create and list (a session expiry): start over.
                ourPath = null;
                submit(this::examine);
            } else if (position == 0) {
                // Leading, nobody below to watch: watch our own node so that losing it (an operator's
                // delete, the session expiring) is noticed while we lead.
                if (client.checkExists().usingWatcher(watcher).forPath(ourPath) == null) {
                    ourPath = null;
                    submit(this::examine);
                } else if (changesBefore == connectionChanges.get()) {
                    setLeading(true, ourNode + " is the lowest node");
                }
                // else a connection change is queued behind us, and decides when it runs
            } else {
                setLeading(false, ourNode + " is not the lowest node");
                String predecessor = ZKPaths.makePath(groupPath, queue.get(position - 1));
                if (client.checkExists().usingWatcher(watcher).forPath(predecessor) == null) {
                    submit(this::examine); // it left before the watch was set
                }
            }
        } catch (Exception e) {
            if (closed || e instanceof InterruptedException) {
                return;
            }
            LOG.warn("Election of group '{}' failed to examine {}; retrying in {} ms", self.group(), groupPath, RETRY_DELAY_MS, e);
            setLeading(false, "an error");
            try {
                thread.schedule(this::examine, RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closedMeanwhile) {
                // nothing to retry
            }
        }
    }

    /**
     * Creates our node unless we already own a live one. A node left from an earlier session of ours
     * is deleted rather than reused: ZooKeeper will delete it anyway when that session times out on the
     * server, and until then it would keep a dead participant in the queue.
     */
    private void ensureOwnNode() throws Exception {
        if (ourPath != null) {
            Stat stat = client.checkExists().forPath(ourPath);
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            if (stat != null && stat.getEphemeralOwner() == session) {
                return;
            }
            if (stat != null) {
                LOG.debug("Deleting {} left from an expired session of participant {}", ourPath, self.id());
                client.delete().quietly().forPath(ourPath);
            }
            ourPath = null;
        }
        ourPath = client.create()
                .creatingParentContainersIfNeeded()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(ZKPaths.makePath(groupPath, ElectionNodes.PREFIX), data);
        LOG.debug("Participant {} of group '{}' created {}", self.id(), self.group(), ourPath);
        deleteGhosts();
    }

    /** Deletes lower nodes that carry our id: copies from a create that Curator retried after a lost reply. */
    private void deleteGhosts() throws Exception {
        long ourSequence = ElectionNodes.sequence(ZKPaths.getNodeFromPath(ourPath));
        for (String node : ElectionNodes.inOrder(client.getChildren().forPath(groupPath))) {
            if (ElectionNodes.sequence(node) >= ourSequence) {
                break;
            }
            String path = ZKPaths.makePath(groupPath, node);
            byte[] bytes;
            try {
                bytes = client.getData().forPath(path);
            } catch (KeeperException.NoNodeException gone) {
                continue;
            }
            if (isOurs(bytes)) {
                LOG.debug("Deleting {}, a duplicate node of participant {}", path, self.id());
                client.delete().quietly().forPath(path);
            }
        }
    }

    private boolean isOurs(byte[] bytes) {
        try {
            return self.id().equals(codec.decode(self.group(), bytes).id());
        } catch (IllegalArgumentException notMasterInfo) {
            return false;
        }
    }

    private void withdraw() {
        leading = false;
        if (ourPath == null) {
            return;
        }
        try {
            client.delete().quietly().forPath(ourPath);
            LOG.debug("Participant {} of group '{}' left, deleting {}", self.id(), self.group(), ourPath);
        } catch (Exception e) {
            // The client is closing (its session, and with it the node, ends) or the thread was interrupted.
            LOG.debug("Participant {} could not delete {}", self.id(), ourPath, e);
        }
        ourPath = null;
    }

    private void setLeading(boolean now, String reason) {
        synchronized (notifyLock) {
            if (closed || leading == now) {
                return;
            }
            leading = now;
            LOG.debug("Participant {} of group '{}' {} leadership: {}", self.id(), self.group(), now ? "gained" : "lost", reason);
            try {
                listener.leadershipChanged(now);
            } catch (RuntimeException e) {
                LOG.error("Election listener of group '{}' failed", self.group(), e);
            }
        }
    }
}

package io.plinth.coordination.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.EntityTooLargeException;
import io.plinth.coordination.api.Registration;
import io.plinth.coordination.api.StateStore;
import io.plinth.coordination.api.StateStoreException;
import io.plinth.coordination.api.Transaction;
import io.plinth.coordination.zk.ZnodeLayout;
import io.plinth.coordination.zk.ZooKeeperHandle;

/**
 * The state store on ZooKeeper: one persistent znode per entity, its JSON as data, its znode version
 * as the entity's version. See the package README for the layout and the failure semantics.
 */
public final class ZkStateStore implements StateStore, AutoCloseable {

    final CuratorFramework client;
    final ZooKeeperHandle handle;
    final ZnodeLayout layout;
    final EntityCodec codec;
    final int maxEntityBytes;
    final Duration connectWait;
    /** Collections this store saw existing: creating in one it has not seen also creates the collection, in one multi. */
    final Set<String> knownCollections = ConcurrentHashMap.newKeySet();
    private final Set<Registration> watches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param maxEntityBytes largest serialised entity accepted; ZooKeeper refuses requests over about 1 MB
     * @param connectWait    how long an operation waits for a connection before it fails
     */
    public ZkStateStore(CuratorFramework client, ZnodeLayout layout, EntityCodec codec, int maxEntityBytes,
            Duration connectWait) {
        if (maxEntityBytes <= 0) {
            throw new IllegalArgumentException("maxEntityBytes must be positive, got " + maxEntityBytes);
        }
        this.client = Objects.requireNonNull(client, "client");
        this.handle = new ZooKeeperHandle(client);
        this.layout = Objects.requireNonNull(layout, "layout");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.maxEntityBytes = maxEntityBytes;
        this.connectWait = Objects.requireNonNull(connectWait, "connectWait");
    }

    /** {@inheritDoc} {@link IllegalArgumentException} naming {@code name} if it is not a valid collection name. */
    @Override
    public <T> EntityStore<T> collection(String name, Class<T> type) {
        layout.checkName("collection", name);
        return new ZkEntityStore<>(this, name, Objects.requireNonNull(type, "type"));
    }

    /** {@inheritDoc} One ZooKeeper {@code multi}; see {@link ZkTransaction}. */
    @Override
    public Transaction transaction() {
        return new ZkTransaction(this);
    }

    /** An entity's JSON, checked against the size limit. */
    byte[] encode(String collection, String id, Object value) {
        Objects.requireNonNull(value, "value");
        byte[] bytes;
        try {
            bytes = codec.encode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Entity '" + id + "' of collection '" + collection + "' cannot be stored: "
                    + e.getMessage(), e);
        }
        if (bytes.length > maxEntityBytes) {
            throw new EntityTooLargeException("Entity '" + id + "' of collection '" + collection + "' is " + bytes.length
                    + " bytes as JSON, over the limit of " + maxEntityBytes + " bytes; nothing was written");
        }
        return bytes;
    }

    /** Runs {@code call} once on a connected handle, turning ZooKeeper's failures into the API's; {@code what} names the target. */
    <R> R call(String action, String what, boolean write, ZkCall<R> call) {
        try {
            ZooKeeper zk = handle.connected(connectWait).orElseThrow(() -> new StateStoreException(
                    "Cannot " + action + " " + what + ": ZooKeeper at " + handle.connectString()
                            + " is not reachable (waited " + connectWait.toMillis() + " ms)"));
            return call.run(zk);
        } catch (KeeperException e) {
            switch (e.code()) {
                case CONNECTIONLOSS, SESSIONEXPIRED, SESSIONMOVED, OPERATIONTIMEOUT -> throw new StateStoreException(
                        "Lost the connection to ZooKeeper during " + action + " of " + what
                                + (write ? "; the write may or may not have been applied" : ""), e);
                default -> throw new StateStoreException(
                        "ZooKeeper refused " + action + " of " + what + ": " + e.code(), e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("Interrupted during " + action + " of " + what, e);
        }
    }

    /** Ends every watch opened through this store. Safe to call twice. */
    @Override
    public void close() {
        closed = true;
        List.copyOf(watches).forEach(Registration::close);
    }

    Registration track(Registration watch) {
        watches.add(watch);
        if (closed) {
            watch.close();
            throw new IllegalStateException("State store is closed");
        }
        return watch;
    }

    void untrack(Registration watch) {
        watches.remove(watch);
    }
}

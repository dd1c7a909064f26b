package io.plinth.coordination.store;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.curator.framework.CuratorFramework;

import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.Registration;
import io.plinth.coordination.api.StateStore;
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

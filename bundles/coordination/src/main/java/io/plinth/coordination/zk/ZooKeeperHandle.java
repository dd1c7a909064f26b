package io.plinth.coordination.zk;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ZooKeeper;

/**
 * The client's current ZooKeeper handle, for operations that are tried once and then answered.
 *
 * <p>Curator's own operations run in its retry loop; with {@link BackoffForever} that loop holds the
 * caller for the whole of an outage, and it silently repeats a write whose first attempt may already
 * have been applied (a repeated compare-and-set then reports a conflict with itself). Callers that
 * must answer promptly and truthfully, such as the state store and the leader detector, use the
 * handle directly: an operation fails fast with a connection loss, and the caller says so.
 */
public final class ZooKeeperHandle {

    private final CuratorFramework client;

    public ZooKeeperHandle(CuratorFramework client) {
        this.client = client;
    }

    /**
     * The handle once the client is connected, waiting at most {@code maxWait}; empty if it is not
     * connected by then.
     */
    public Optional<ZooKeeper> connected(Duration maxWait) throws InterruptedException {
        if (!client.getZookeeperClient().isConnected()) {
            if (maxWait.isZero() || maxWait.isNegative()
                    || !client.blockUntilConnected((int) Math.min(Integer.MAX_VALUE, maxWait.toMillis()), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(client.getZookeeperClient().getZooKeeper());
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // Curator hands over a connection problem met in the background: not connected after all.
            return Optional.empty();
        }
    }

    /** The connect string, for messages. */
    public String connectString() {
        return client.getZookeeperClient().getCurrentConnectionString();
    }
}

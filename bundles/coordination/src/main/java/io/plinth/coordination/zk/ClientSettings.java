package io.plinth.coordination.zk;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;

/**
 * How Plinth connects to ZooKeeper. {@link #newClient()} builds the one client a node shares between
 * its bundles; tests build theirs the same way.
 *
 * @param connectString       {@code host:port[,host:port...]}
 * @param sessionTimeoutMs    requested session timeout; the server may shorten it
 * @param connectionTimeoutMs how long an operation waits for a connection before it counts as failed
 */
public record ClientSettings(String connectString, int sessionTimeoutMs, int connectionTimeoutMs) {

    /** First retry after about this long... */
    static final long RETRY_BASE_MS = 100;
    /**
     * ...and never more than this between two: an operation that waited out an outage resumes within
     * about two seconds of ZooKeeper's return, without spinning while it is away.
     */
    static final long RETRY_MAX_MS = 2_000;

    public ClientSettings {
        if (connectString == null || connectString.isBlank()) {
            throw new IllegalArgumentException("connectString is empty");
        }
        if (sessionTimeoutMs <= 0 || connectionTimeoutMs <= 0) {
            throw new IllegalArgumentException("Timeouts must be positive, got sessionTimeoutMs=" + sessionTimeoutMs
                    + " connectionTimeoutMs=" + connectionTimeoutMs);
        }
    }

    /**
     * A new, unstarted client. Connecting happens in the background after {@code start()}, and keeps
     * being retried, so a client started before ZooKeeper connects once ZooKeeper is up.
     */
    public CuratorFramework newClient() {
        return CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(sessionTimeoutMs)
                .connectionTimeoutMs(connectionTimeoutMs)
                .retryPolicy(new BackoffForever(RETRY_BASE_MS, RETRY_MAX_MS))
                // The configured connect string is what operators control (and what Mesos would use);
                // the ensemble tracker would replace it with addresses from the servers' own config.
                .ensembleTracker(false)
                .build();
    }
}

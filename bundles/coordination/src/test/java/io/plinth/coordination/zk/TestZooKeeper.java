package io.plinth.coordination.zk;

import java.util.ArrayDeque;
import java.util.Deque;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * An in-process ZooKeeper on a free port, and clients built like Plinth's, for one test. Closes
 * everything it made, clients first.
 */
public final class TestZooKeeper implements AutoCloseable {

    /** Short ticks allow short sessions: the server grants sessions of 2 to 20 ticks. */
    private static final int TICK_MS = 200;
    public static final int SESSION_TIMEOUT_MS = 4_000;
    public static final int CONNECTION_TIMEOUT_MS = 1_000;

    private final TestingServer server;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

    private TestZooKeeper(boolean start) throws Exception {
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MS, -1), start);
    }

    /** A running server. */
    public static TestZooKeeper started() throws Exception {
        return new TestZooKeeper(true);
    }

    /** A server that has picked its port but does not run yet: see {@link #server()}{@code .start()}. */
    public static TestZooKeeper notStarted() throws Exception {
        return new TestZooKeeper(false);
    }

    public TestingServer server() {
        return server;
    }

    public String connectString() {
        return server.getConnectString();
    }

    /** A started client, as the coordination bundle builds it; closed with this. */
    public CuratorFramework client() {
        CuratorFramework client = new ClientSettings(connectString(), SESSION_TIMEOUT_MS, CONNECTION_TIMEOUT_MS).newClient();
        client.start();
        return closeLater(client);
    }

    /** Closes {@code closeable} before the server, in reverse order of registration. */
    public <T extends AutoCloseable> T closeLater(T closeable) {
        synchronized (closeables) {
            closeables.push(closeable);
        }
        return closeable;
    }

    @Override
    public void close() throws Exception {
        while (true) {
            AutoCloseable next;
            synchronized (closeables) {
                next = closeables.poll();
            }
            if (next == null) {
                break;
            }
            try {
                next.close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        server.close();
    }
}

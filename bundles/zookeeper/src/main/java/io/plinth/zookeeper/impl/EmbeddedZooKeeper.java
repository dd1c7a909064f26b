package io.plinth.zookeeper.impl;

import io.plinth.zookeeper.ensemble.Member;
import io.plinth.zookeeper.ensemble.ZooKeeperSettings;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.sasl.SaslException;
import org.apache.zookeeper.server.DatadirCleanupManager;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;
import org.apache.zookeeper.server.quorum.QuorumPeer;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig.ConfigException;
import org.apache.zookeeper.server.quorum.QuorumPeerMain;
import org.apache.zookeeper.util.ServiceUtils;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs this node's ZooKeeper server inside Karaf: standalone, or as one member of an ensemble.
 *
 * <p>ZooKeeper's main classes block until the server stops, so the server runs on a thread of its own;
 * activation returns at once. A server that cannot start (port in use, data directory not writable,
 * configuration ZooKeeper rejects) is logged and leaves this component active and idle, so that the
 * status keeps answering; a configuration update restarts it. Settings this bundle itself rejects (a
 * malformed {@code servers} entry) fail the activation with a message naming the setting.
 */
@Component(service = {}, immediate = true, configurationPid = ZooKeeperConfig.PID)
@Designate(ocd = ZooKeeperConfig.class)
public final class EmbeddedZooKeeper implements AutoCloseable {

    /**
     * Where the server is in its life. {@code RUNNING} means it takes client connections; an ensemble
     * member serves requests only once a leader is elected, which the ensemble status tells.
     */
    public enum Phase { STARTING, RUNNING, FAILED, STOPPED }

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    /** Long enough for a server to finish loading a large snapshot before it can be told to stop. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final ZooKeeperSettings settings;
    private final Server server;
    private final Thread thread;
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Phase phase = Phase.STARTING;

    @Activate
    public EmbeddedZooKeeper(ZooKeeperConfig config, BundleContext context) {
        this(validated(config, context.getProperty("karaf.data")));
    }

    public EmbeddedZooKeeper(ZooKeeperSettings settings) {
        this.settings = settings;
        this.server = settings.standalone() ? new Standalone() : new Quorum();
        this.thread = new Thread(this::serve, "zookeeper-server-" + settings.clientPort());
        this.thread.setDaemon(true);
        // ZooKeeper loads classes by name through the context class loader (ServerCnxnFactory,
        // metrics provider, authentication providers); in OSGi only the ZooKeeper bundle sees them.
        // Threads ZooKeeper starts inherit it from this one.
        this.thread.setContextClassLoader(ZooKeeperServerMain.class.getClassLoader());
        this.thread.start();
    }

    public Phase phase() {
        return phase;
    }

    /**
     * Stops the server and waits for it to release its ports. Safe to call more than once and while
     * the server is still starting.
     */
    @Deactivate
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        boolean interrupted = false;
        try {
            awaitStartOrFailure(deadline);
            if (thread.isAlive()) {
                server.stop();
            }
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (thread.isAlive()) {
            LOG.warn("ZooKeeper server on {} did not stop within {} s; its thread {} is left running",
                    settings.clientEndpoint(), STOP_TIMEOUT.toSeconds(), thread.getName());
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * ZooKeeper's close() does nothing to a standalone server that has not started yet, and breaks a
     * quorum peer's start half way, leaving its client port bound: let the start finish (or fail) first.
     */
    private void awaitStartOrFailure(long deadline) throws InterruptedException {
        // Polls rather than awaits the latch alone: a start that fails never counts it down.
        while (thread.isAlive() && System.nanoTime() < deadline) {
            if (started.await(20, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }

    private static ZooKeeperSettings validated(ZooKeeperConfig config, String karafData) {
        try {
            return Settings.from(config, karafData);
        } catch (IllegalArgumentException e) {
            // SCR reports the constructor's exception too, but buried in a stack trace.
            LOG.error("ZooKeeper server not started: invalid configuration {}: {}", ZooKeeperConfig.PID,
                    e.getMessage());
            throw e;
        }
    }

    private void serve() {
        // ZooKeeper calls System.exit on errors it deems fatal to a server process, for instance an
        // election port it cannot bind. Here that process is Karaf with every other service of the node:
        // log instead. The setting is JVM-wide, and right for every ZooKeeper server Karaf may run.
        ServiceUtils.setSystemExitProcedure(ServiceUtils.LOG_ONLY);
        DatadirCleanupManager purge = null;
        try {
            Files.createDirectories(settings.dataDir());
            if (!settings.standalone()) {
                // QuorumPeerConfig reads the server id from this file while it parses.
                Files.writeString(settings.dataDir().resolve("myid"), settings.serverId() + "\n",
                        StandardCharsets.US_ASCII);
            }
            QuorumPeerConfig config = new QuorumPeerConfig();
            config.parseProperties(settings.quorumProperties());
            purge = new DatadirCleanupManager(config.getDataDir(), config.getDataLogDir(),
                    config.getSnapRetainCount(), config.getPurgeInterval());
            purge.start();
            server.run(config);
            phase = closed.get() ? Phase.STOPPED : Phase.FAILED;
            if (phase == Phase.FAILED) {
                LOG.error("ZooKeeper server on {} stopped by itself; see ZooKeeper's errors above",
                        settings.clientEndpoint());
            } else {
                LOG.info("ZooKeeper server on {} stopped", settings.clientEndpoint());
            }
        } catch (BindException e) {
            fail("its client port is in use (" + e.getMessage() + ")", null);
        } catch (ConfigException e) {
            fail("ZooKeeper rejects configuration " + ZooKeeperConfig.PID + ": " + e.getMessage(), null);
        } catch (Exception | LinkageError e) {
            // LinkageError: a missing optional dependency of the ZooKeeper bundle (metrics-core, snappy).
            fail(e.toString(), e);
        } finally {
            if (purge != null) {
                purge.shutdown();
            }
        }
    }

    private void fail(String reason, Throwable cause) {
        phase = Phase.FAILED;
        String role = settings.standalone() ? "standalone" : "ensemble member " + settings.serverId();
        if (cause == null) {
            LOG.error("ZooKeeper server ({}, clients on {}) not started: {}", role, settings.clientEndpoint(), reason);
        } else {
            LOG.error("ZooKeeper server ({}, clients on {}) failed: {}", role, settings.clientEndpoint(), reason, cause);
        }
    }

    private void running(String what) {
        phase = Phase.RUNNING;
        started.countDown();
        LOG.info("ZooKeeper {}: clients on {}, data in {}", what, settings.clientEndpoint(), settings.dataDir());
    }

    /** One of ZooKeeper's two main classes, run until stopped. */
    private interface Server {
        /** Blocks until the server stops. */
        void run(QuorumPeerConfig config) throws Exception;

        /** Stops a started server; may be called from any thread. */
        void stop();
    }

    private final class Standalone extends ZooKeeperServerMain implements Server {
        @Override
        public void run(QuorumPeerConfig config) throws Exception {
            ServerConfig serverConfig = new ServerConfig();
            serverConfig.readFrom(config);
            runFromConfig(serverConfig);
        }

        @Override
        protected void serverStarted() {
            running("standalone server serving");
        }

        @Override
        public void stop() {
            close();
        }
    }

    private final class Quorum extends QuorumPeerMain implements Server {
        /**
         * Our own reference: QuorumPeerMain.close() nulls its field, which runFromConfig dereferences
         * again to join the peer, failing with a NullPointerException when close() comes first.
         */
        private volatile QuorumPeer peer;

        @Override
        public void run(QuorumPeerConfig config) throws Exception {
            runFromConfig(config);
        }

        @Override
        protected QuorumPeer getQuorumPeer() throws SaslException {
            peer = new QuorumPeer() {
                @Override
                public synchronized void start() {
                    super.start();
                    Member self = settings.self().orElseThrow();
                    running("ensemble member " + self.id() + " of " + settings.members().size()
                            + " started (peers on " + self.host() + ":" + self.peerPort() + ", election on "
                            + self.host() + ":" + self.electionPort() + "; it serves once a leader is elected)");
                }
            };
            return peer;
        }

        @Override
        public void stop() {
            QuorumPeer current = peer;
            if (current != null) {
                current.shutdown();
            }
        }
    }
}

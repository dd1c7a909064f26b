package io.plinth.zookeeper.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.zookeeper.api.MemberStatus;
import io.plinth.zookeeper.ensemble.Member;
import io.plinth.zookeeper.ensemble.ZooKeeperSettings;
import io.plinth.zookeeper.impl.EmbeddedZooKeeper.Phase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real standalone server, started through the component class without OSGi. */
class EmbeddedZooKeeperStandaloneTest {

    private static final Duration START = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private ZooKeeperSettings standalone(int port) {
        return new ZooKeeperSettings("127.0.0.1", port, List.of(), 1, dataDir, 500, 10, 5, 0, "");
    }

    @Test
    void servesClientsAndReportsItselfAsTheServingLeader() throws Exception {
        int port = FreePorts.take(1)[0];
        ZooKeeperSettings settings = standalone(port);
        try (EmbeddedZooKeeper server = new EmbeddedZooKeeper(settings);
                ZooKeeperEnsembleStatus status = new ZooKeeperEnsembleStatus(settings.statusTargets(),
                        ZooKeeperEnsembleStatus.CONNECT_TIMEOUT, ZooKeeperEnsembleStatus.ANSWER_TIMEOUT)) {
            await().atMost(START).until(server::phase, Phase.RUNNING::equals);

            ZooKeeper client = new ZooKeeper("127.0.0.1:" + port, 10_000, event -> { });
            try {
                await().atMost(START).until(() -> client.getState().isConnected());
                client.create("/plinth", "hello".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), client.getData("/plinth", false, null));
            } finally {
                client.close();
            }

            assertEquals(List.of(new MemberStatus("127.0.0.1", 3, "serving", true)), status.members());
            assertTrue(Files.isDirectory(dataDir.resolve("version-2")), "ZooKeeper writes under dataDir");
            assertFalse(Files.exists(dataDir.resolve("myid")), "a standalone server has no id");
        }
    }

    @Test
    void closeFreesTheClientPortAndMayBeRepeated() {
        int port = FreePorts.take(1)[0];
        EmbeddedZooKeeper server = new EmbeddedZooKeeper(standalone(port));
        await().atMost(START).until(server::phase, Phase.RUNNING::equals);
        assertFalse(FreePorts.isFree(port), "the running server holds its port");

        server.close();

        assertEquals(Phase.STOPPED, server.phase());
        assertTrue(FreePorts.isFree(port), "port " + port + " is free after close");
        server.close();
    }

    @Test
    void closeDuringStartStopsTheServerAllTheSame() {
        int port = FreePorts.take(1)[0];
        EmbeddedZooKeeper server = new EmbeddedZooKeeper(standalone(port));

        server.close();

        assertEquals(Phase.STOPPED, server.phase());
        assertTrue(FreePorts.isFree(port), "port " + port + " is free after close");
    }

    @Test
    void portInUseFailsTheServerButNotTheComponent() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            EmbeddedZooKeeper server = new EmbeddedZooKeeper(standalone(taken.getLocalPort()));

            await().atMost(START).until(server::phase, Phase.FAILED::equals);
            long start = System.nanoTime();
            server.close();

            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(1)) < 0);
            assertEquals(Phase.FAILED, server.phase());
        }
    }

    @Test
    void oneMemberListRunsStandaloneAndShowsTheMemberHost() throws Exception {
        int port = FreePorts.take(1)[0];
        int[] quorum = FreePorts.take(2);
        ZooKeeperSettings settings = new ZooKeeperSettings("127.0.0.1", port,
                Member.parseList("127.0.0.1:" + quorum[0] + ":" + quorum[1], port), 1, dataDir, 500, 10, 5, 0, "");
        try (EmbeddedZooKeeper server = new EmbeddedZooKeeper(settings);
                ZooKeeperEnsembleStatus status = new ZooKeeperEnsembleStatus(settings.statusTargets(),
                        ZooKeeperEnsembleStatus.CONNECT_TIMEOUT, ZooKeeperEnsembleStatus.ANSWER_TIMEOUT)) {
            await().atMost(START).until(server::phase, Phase.RUNNING::equals);

            assertEquals(List.of(new MemberStatus("127.0.0.1", 3, "serving", true)), status.members());
        }
    }
}

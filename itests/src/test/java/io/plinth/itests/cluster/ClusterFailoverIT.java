package io.plinth.itests.cluster;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.plinth.itests.support.Await;
import io.plinth.itests.support.Http;
import io.plinth.itests.support.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

/**
 * Three distribution processes on loopback, each an embedded ZooKeeper ensemble member and a master:
 * exactly one leads {@code mesos}; a graceful stop of the leader hands over within 2 s; after the
 * stopped node rejoins, {@code kill -9} of the leader hands over within the session timeout + 2 s.
 * Failover figures are printed for docs/benchmarks/failover.md.
 */
public class ClusterFailoverIT {

    private static final int SESSION_TIMEOUT_MS = 6000;
    private static final Duration BOOT = Duration.ofSeconds(150);

    private static PlinthCluster cluster;

    @BeforeClass
    public static void startCluster() throws Exception {
        Path home = Paths.get(System.getProperty("plinth.assembly")).toAbsolutePath();
        Path work = Files.createTempDirectory(Paths.get("target").toAbsolutePath(), "cluster-");
        cluster = PlinthCluster.create(home, work, 3, "zookeeper,master",
                Map.of("PLINTH_ZK_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT_MS)));
        cluster.start();
        for (PlinthNode node : cluster.nodes()) {
            node.awaitReady(BOOT);
        }
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void oneLeaderThenFailoverOnGracefulStopAndOnKill() throws Exception {
        String first = agreedLeader(cluster.running(), null, BOOT);
        assertEquals("three election nodes", 3, electionNodes());
        assertTrue(cluster.nodes().get(0).awaitShell("plinth:leaders", first, Duration.ofSeconds(60)).contains("mesos"));
        System.out.println("[failover] first leader " + first);

        PlinthNode leader = cluster.byAddress(first);
        long stopAt = System.nanoTime();
        leader.stop(Duration.ofSeconds(60));
        long stopped = System.nanoTime();
        String second = agreedLeader(cluster.running(), first, Duration.ofSeconds(30));
        long gracefulMs = (System.nanoTime() - stopped) / 1_000_000;
        System.out.printf("[failover] graceful: stop took %d ms, new leader %s %d ms after the process exited%n",
                (stopped - stopAt) / 1_000_000, second, gracefulMs);
        assertTrue("graceful failover took " + gracefulMs + " ms", gracefulMs <= 2000);

        leader.start();
        leader.awaitReady(BOOT);
        Await.until("rejoined node in the election", BOOT, () -> electionNodes() == 3);
        assertEquals(second, agreedLeader(cluster.running(), null, Duration.ofSeconds(30)));

        PlinthNode secondLeader = cluster.byAddress(second);
        long killAt = System.nanoTime();
        secondLeader.kill();
        String third = agreedLeader(cluster.running(), second, Duration.ofMillis(SESSION_TIMEOUT_MS + 30_000));
        long killMs = (System.nanoTime() - killAt) / 1_000_000;
        System.out.printf("[failover] kill -9: new leader %s %d ms after the kill (session timeout %d ms)%n",
                third, killMs, SESSION_TIMEOUT_MS);
        assertTrue("kill -9 failover took " + killMs + " ms", killMs <= SESSION_TIMEOUT_MS + 2000);
    }

    /**
     * Polls every node until all of them name the same leader, other than {@code previous}, and that
     * leader is one of them.
     */
    private String agreedLeader(List<PlinthNode> nodes, String previous, Duration timeout) {
        Set<String> addresses = nodes.stream().map(n -> "127.0.0.1:" + n.httpPort()).collect(Collectors.toSet());
        return Await.until("one agreed leader other than " + previous, timeout, () -> {
            Set<String> seen = new HashSet<>();
            for (PlinthNode node : nodes) {
                Http.Response response = node.http().get("/system/v1/leader/mesos");
                if (response.status() != 200) {
                    return null;
                }
                seen.add(String.valueOf(Json.object(response.body()).get("leader")));
            }
            if (seen.size() != 1) {
                return null;
            }
            String leader = seen.iterator().next();
            return addresses.contains(leader) && !leader.equals(previous) ? leader : null;
        });
    }

    /** Election nodes of the mesos group, read straight from ZooKeeper with its own client. */
    private int electionNodes() throws Exception {
        String connect = cluster.running().stream()
                .map(n -> "127.0.0.1:" + n.zkPort())
                .collect(Collectors.joining(","));
        try (org.apache.zookeeper.ZooKeeper zk = new org.apache.zookeeper.ZooKeeper(connect, 10_000, event -> { })) {
            Await.until("ZooKeeper client connected", Duration.ofSeconds(20),
                    () -> zk.getState() == org.apache.zookeeper.ZooKeeper.States.CONNECTED);
            List<String> children = zk.getChildren("/plinth/leaders/mesos", false);
            assertTrue(children.toString(), children.stream().allMatch(c -> c.startsWith("json.info_")));
            assertNotEquals(0, children.size());
            return children.size();
        }
    }
}

package io.plinth.coordination.election;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.coordination.zk.TestZooKeeper;
import io.plinth.coordination.zk.ZnodeLayout;

class ZkLeaderDetectorTest {

    private final ZnodeLayout layout = new ZnodeLayout("/plinth");
    private final MasterInfoCodec codec = new MasterInfoCodec();
    private TestZooKeeper zk;

    @AfterEach
    void closeAll() throws Exception {
        zk.close();
    }

    @Test
    void nobodyLeadsAGroupWithoutParticipants() throws Exception {
        zk = TestZooKeeper.started();
        CuratorFramework client = zk.client();
        ZkLeaderDetector detector = detector(client);
        await().until(() -> client.getZookeeperClient().isConnected());

        assertEquals(Optional.empty(), detector.leader("mesos"));
        assertEquals(Optional.empty(), detector.leader("../etc"), "a name that cannot be a group has no leader");
        assertEquals(Map.of(), detector.leaders());
    }

    @Test
    void theLowestParticipantLeadsEachGroup() throws Exception {
        zk = TestZooKeeper.started();
        Election alpha1 = election("alpha", zk.client());
        await().until(alpha1::isLeading);
        Election alpha2 = election("alpha", zk.client());
        Election beta = election("beta", zk.client());
        await().until(beta::isLeading);

        ZkLeaderDetector detector = detector(zk.client());
        await().until(() -> detector.leader("alpha").isPresent());
        assertEquals(Optional.of(alpha1.participant()), detector.leader("alpha"));
        assertEquals(Map.of("alpha", alpha1.participant(), "beta", beta.participant()), detector.leaders());

        alpha1.close();
        await().until(() -> detector.leader("alpha").equals(Optional.of(alpha2.participant())));
    }

    @Test
    void aWatchReportsTheLeaderAtFirstAndThenOnlyItsChanges() throws Exception {
        zk = TestZooKeeper.started();
        ZkLeaderDetector detector = detector(zk.client());
        List<Optional<LeaderInfo>> seen = Collections.synchronizedList(new ArrayList<>());
        Registration watch = zk.closeLater(detector.watch("alpha", seen::add));

        await().until(() -> seen.size() == 1);
        assertEquals(Optional.empty(), seen.get(0));

        Election first = election("alpha", zk.client());
        await().until(() -> seen.size() == 2);
        assertEquals(Optional.of(first.participant()), seen.get(1));

        // A follower joining changes nothing...
        Election second = election("alpha", zk.client());
        CuratorFramework observer = zk.client();
        await().until(() -> observer.getChildren().forPath(layout.group("alpha")).size() == 2);
        // ...so the next report is the handover, with nothing in between.
        first.close();
        await().until(() -> seen.size() >= 3);
        assertEquals(List.of(Optional.empty(), Optional.of(first.participant()), Optional.of(second.participant())),
                List.copyOf(seen));

        watch.close();
        watch.close(); // safe twice
        second.close();
        Election third = election("alpha", zk.client());
        await().until(third::isLeading);
        await().until(() -> detector.leader("alpha").equals(Optional.of(third.participant())));
        assertEquals(3, seen.size(), "a closed watch reports nothing");
    }

    @Test
    void anUnreachableZooKeeperMeansNoKnownLeaderNotAnError() throws Exception {
        zk = TestZooKeeper.started();
        Election leader = election("alpha", zk.client());
        await().until(leader::isLeading);
        ZkLeaderDetector detector = detector(zk.client());
        List<Optional<LeaderInfo>> seen = Collections.synchronizedList(new ArrayList<>());
        zk.closeLater(detector.watch("alpha", seen::add));
        await().until(() -> seen.contains(Optional.of(leader.participant())));

        zk.server().stop();

        await().until(() -> detector.leader("alpha").isEmpty());
        long started = System.nanoTime();
        assertEquals(Optional.empty(), detector.leader("alpha"));
        assertEquals(Map.of(), detector.leaders());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toMillis() < 1_000, "answers without waiting for ZooKeeper");
        await().until(() -> seen.get(seen.size() - 1).isEmpty());

        zk.server().restart();

        await().atMost(Duration.ofSeconds(15)).until(() -> detector.leader("alpha").isPresent());
        await().until(() -> seen.get(seen.size() - 1).isPresent());
    }

    private ZkLeaderDetector detector(CuratorFramework client) {
        return zk.closeLater(new ZkLeaderDetector(client, layout, codec));
    }

    private Election election(String group, CuratorFramework client) {
        Election election = zk.closeLater(new Election(client, layout.group(group),
                new NodeIdentity("host-" + group, "10.0.0.1", 8080, "test").participant(group), codec, leading -> { }));
        election.start();
        return election;
    }
}

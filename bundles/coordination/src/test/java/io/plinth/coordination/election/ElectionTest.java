package io.plinth.coordination.election;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.zookeeper.CreateMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.zk.TestZooKeeper;

class ElectionTest {

    private static final String GROUP = "svc";
    private static final String GROUP_PATH = "/plinth/leaders/" + GROUP;

    private final MasterInfoCodec codec = new MasterInfoCodec();
    private final NodeIdentity node = new NodeIdentity("node-1", "127.0.0.1", 8080, "test");
    private TestZooKeeper zk;

    @AfterEach
    void closeAll() throws Exception {
        zk.close();
    }

    @Test
    void exactlyOneOfThreeLeadsAndItHoldsTheLowestNode() throws Exception {
        zk = TestZooKeeper.started();
        List<Contender> contenders = List.of(contender(), contender(), contender());
        contenders.forEach(Contender::start);

        CuratorFramework observer = zk.client();
        await().untilAsserted(() -> {
            assertEquals(3, electionNodes(observer).size());
            assertEquals(1, contenders.stream().filter(Contender::leading).count());
        });

        List<String> nodes = electionNodes(observer);
        assertTrue(nodes.stream().allMatch(name -> name.matches("json\\.info_\\d{10}")), nodes.toString());
        Contender leader = contenders.stream().filter(Contender::leading).findFirst().orElseThrow();
        LeaderInfo lowest = codec.decode(GROUP, observer.getData().forPath(GROUP_PATH + "/" + nodes.get(0)));
        assertEquals(leader.election.participant(), lowest);

        JsonNode json = new ObjectMapper().readTree(observer.getData().forPath(GROUP_PATH + "/" + nodes.get(0)));
        assertEquals(16777343L, json.get("ip").asLong());
        assertEquals("master@127.0.0.1:8080", json.get("pid").asText());

        Set<String> ids = new HashSet<>();
        for (String name : nodes) {
            ids.add(codec.decode(GROUP, observer.getData().forPath(GROUP_PATH + "/" + name)).id());
        }
        assertEquals(contenders.stream().map(c -> c.election.participant().id()).collect(Collectors.toSet()), ids);
    }

    @Test
    void closingTheLeaderHandsOverAtOnce() throws Exception {
        zk = TestZooKeeper.started();
        Contender first = contender();
        first.start();
        await().until(first::leading);
        Contender second = contender();
        second.start();
        CuratorFramework observer = zk.client();
        await().until(() -> electionNodes(observer).size() == 2);

        first.election.close();
        first.election.close(); // safe twice

        // first's session lives on, so only deleting its node can make second lead this quickly
        await().atMost(Duration.ofSeconds(2)).until(second::leading);
        assertEquals(1, electionNodes(observer).size());
        assertEquals(List.of(true), first.changes(), "a closed election does not call its listener");
    }

    @Test
    void aLeaderWhoseSessionExpiresIsToldAndAnotherLeads() throws Exception {
        zk = TestZooKeeper.started();
        Contender first = contender();
        first.start();
        await().until(first::leading);
        Contender second = contender();
        second.start();
        CuratorFramework observer = zk.client();
        await().until(() -> electionNodes(observer).size() == 2);

        KillSession.kill(first.client.getZookeeperClient().getZooKeeper());

        await().until(second::leading);
        await().untilAsserted(() -> {
            assertEquals(List.of(true, false), first.changes());
            assertEquals(2, electionNodes(observer).size(), "the expired participant stands again");
        });
        assertFalse(first.leading());
    }

    @Test
    void leadershipEndsWhileZooKeeperIsDownAndRecoversAfterItsRestart() throws Exception {
        zk = TestZooKeeper.started();
        Contender first = contender();
        Contender second = contender();
        first.start();
        await().until(first::leading);
        second.start();
        CuratorFramework observer = zk.client();
        await().until(() -> electionNodes(observer).size() == 2);

        zk.server().stop();
        await().until(() -> !first.leading());
        assertFalse(second.leading());

        zk.server().restart();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertEquals(1, Stream.of(first, second).filter(Contender::leading).count()));
        await().untilAsserted(() -> assertEquals(2, electionNodes(observer).size()));
    }

    @Test
    void aParticipantStartedBeforeZooKeeperLeadsOnceItRuns() throws Exception {
        zk = TestZooKeeper.notStarted();
        Contender early = contender();
        early.start();
        assertFalse(early.leading());

        zk.server().start();

        await().atMost(Duration.ofSeconds(15)).until(early::leading);
    }

    @Test
    void deletesTheDuplicateNodeOfARetriedCreate() throws Exception {
        zk = TestZooKeeper.started();
        Contender contender = contender();
        // What a create leaves when its reply is lost and Curator creates again: a lower node with our data.
        String ghost = contender.client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(GROUP_PATH + "/json.info_", codec.encode(contender.election.participant()));
        contender.start();

        await().until(contender::leading);
        CuratorFramework observer = zk.client();
        List<String> nodes = electionNodes(observer);
        assertEquals(1, nodes.size());
        assertFalse((GROUP_PATH + "/" + nodes.get(0)).equals(ghost), "the ghost is gone, the real node stays");
    }

    @Test
    void aLeaderWhoseNodeIsDeletedStepsDownAndStandsAgain() throws Exception {
        zk = TestZooKeeper.started();
        Contender first = contender();
        first.start();
        await().until(first::leading);
        Contender second = contender();
        second.start();
        CuratorFramework observer = zk.client();
        await().until(() -> electionNodes(observer).size() == 2);

        observer.delete().forPath(GROUP_PATH + "/" + electionNodes(observer).get(0));

        await().until(second::leading);
        await().untilAsserted(() -> {
            assertEquals(List.of(true, false), first.changes());
            assertEquals(2, electionNodes(observer).size());
        });
    }

    private Contender contender() {
        CuratorFramework client = zk.client();
        Contender contender = new Contender(client);
        zk.closeLater(contender.election);
        return contender;
    }

    private List<String> electionNodes(CuratorFramework client) throws Exception {
        if (client.checkExists().forPath(GROUP_PATH) == null) {
            return List.of();
        }
        return ElectionNodes.inOrder(client.getChildren().forPath(GROUP_PATH));
    }

    /** One participant with a client of its own, recording what its election tells it. */
    private final class Contender implements ElectionListener {
        final CuratorFramework client;
        final Election election;
        private final List<Boolean> changes = Collections.synchronizedList(new ArrayList<>());

        Contender(CuratorFramework client) {
            this.client = client;
            this.election = new Election(client, GROUP_PATH, node.participant(GROUP), codec, this);
        }

        void start() {
            election.start();
        }

        boolean leading() {
            return election.isLeading();
        }

        List<Boolean> changes() {
            synchronized (changes) {
                return List.copyOf(changes);
            }
        }

        @Override
        public void leadershipChanged(boolean leading) {
            changes.add(leading);
        }
    }
}

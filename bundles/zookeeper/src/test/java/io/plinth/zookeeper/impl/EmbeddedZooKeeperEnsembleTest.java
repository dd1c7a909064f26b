package io.plinth.zookeeper.impl;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.zookeeper.api.MemberStatus;
import io.plinth.zookeeper.ensemble.Member;
import io.plinth.zookeeper.ensemble.ZooKeeperSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real three-member ensemble in this JVM: three instances of the component on loopback ports. */
class EmbeddedZooKeeperEnsembleTest {

    private static final int SIZE = 3;
    private static final Duration ELECTION = Duration.ofSeconds(45);

    @TempDir
    Path root;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        // last opened, first closed: clients before the servers they talk to
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closedAfterTest(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void electsOneLeaderAndKeepsServingWhenTheLeaderGoes() throws Exception {
        int[] ports = FreePorts.take(3 * SIZE);
        List<ZooKeeperSettings> settings = new ArrayList<>();
        List<EmbeddedZooKeeper> servers = new ArrayList<>();
        for (int id = 1; id <= SIZE; id++) {
            settings.add(member(ports, id));
            servers.add(closedAfterTest(new EmbeddedZooKeeper(settings.get(id - 1))));
        }
        ZooKeeperEnsembleStatus status = closedAfterTest(new ZooKeeperEnsembleStatus(
                settings.get(0).statusTargets(), ZooKeeperEnsembleStatus.CONNECT_TIMEOUT,
                ZooKeeperEnsembleStatus.ANSWER_TIMEOUT));

        List<MemberStatus> elected = await().atMost(ELECTION).until(status::members,
                members -> codes(members).equals(List.of(3, 3, 3)) && leaders(members).size() == 1);
        int leader = leaders(elected).get(0);
        for (int id = 1; id <= SIZE; id++) {
            assertEquals(id + "\n", Files.readString(root.resolve("zk" + id).resolve("myid")));
        }

        servers.get(leader).close();

        List<MemberStatus> survivors = await().atMost(ELECTION).until(status::members,
                members -> members.get(leader).code() == MemberStatus.DOWN
                        && leaders(members).size() == 1
                        && IntStream.range(0, SIZE).filter(i -> i != leader)
                                .allMatch(i -> members.get(i).code() == MemberStatus.SERVING));
        assertEquals("127.0.0.1", survivors.get(leader).hostname());
        assertTrue(leaders(survivors).get(0) != leader);

        // two of three are a quorum: writes still succeed
        int survivor = (leader + 1) % SIZE;
        ZooKeeper client = closedAfterTest(new ZooKeeper("127.0.0.1:" + settings.get(survivor).clientPort(),
                10_000, event -> { }));
        await().atMost(ELECTION).until(() -> client.getState().isConnected());
        client.create("/after-leader-loss", "ok".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                CreateMode.PERSISTENT);
    }

    @Test
    void memberWithoutQuorumRunsButDoesNotServe() {
        int[] ports = FreePorts.take(3 * SIZE);
        ZooKeeperSettings first = member(ports, 1);
        EmbeddedZooKeeper alone = closedAfterTest(new EmbeddedZooKeeper(first));
        ZooKeeperEnsembleStatus status = closedAfterTest(new ZooKeeperEnsembleStatus(first.statusTargets(),
                ZooKeeperEnsembleStatus.CONNECT_TIMEOUT, ZooKeeperEnsembleStatus.ANSWER_TIMEOUT));

        await().atMost(ELECTION).until(status::members, members -> codes(members).equals(List.of(2, 1, 1)));

        alone.close();
        assertEquals(EmbeddedZooKeeper.Phase.STOPPED, alone.phase());
        assertTrue(FreePorts.isFree(first.clientPort()), "client port is free after close");
        assertTrue(FreePorts.isFree(ports[1]), "election port is free after close");
    }

    @Test
    void closeDuringStartReleasesTheClientPort() {
        int[] ports = FreePorts.take(3 * SIZE);
        ZooKeeperSettings first = member(ports, 1);
        EmbeddedZooKeeper member = new EmbeddedZooKeeper(first);

        member.close();

        assertEquals(EmbeddedZooKeeper.Phase.STOPPED, member.phase());
        assertTrue(FreePorts.isFree(first.clientPort()), "client port is free after close");
    }

    /** Member {@code id} of an ensemble on loopback; ports[3(id-1)..] are its peer, election, client ports. */
    private ZooKeeperSettings member(int[] ports, int id) {
        String servers = IntStream.range(0, SIZE)
                .mapToObj(i -> "127.0.0.1:" + ports[3 * i] + ":" + ports[3 * i + 1] + ";" + ports[3 * i + 2])
                .collect(Collectors.joining(","));
        int clientPort = ports[3 * (id - 1) + 2];
        return new ZooKeeperSettings("127.0.0.1", clientPort, Member.parseList(servers, clientPort), id,
                root.resolve("zk" + id), 500, 10, 5, 0, "");
    }

    private static List<Integer> codes(List<MemberStatus> members) {
        return members.stream().map(MemberStatus::code).toList();
    }

    private static List<Integer> leaders(List<MemberStatus> members) {
        return IntStream.range(0, members.size()).filter(i -> members.get(i).isLeader()).boxed().toList();
    }
}

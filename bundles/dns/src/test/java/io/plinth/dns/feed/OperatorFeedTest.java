package io.plinth.dns.feed;

import static io.plinth.dns.feed.Mesos.agent;
import static io.plinth.dns.feed.Mesos.framework;
import static io.plinth.dns.feed.Mesos.ports;
import static io.plinth.dns.feed.Mesos.state;
import static io.plinth.dns.feed.Mesos.status;
import static io.plinth.dns.feed.Mesos.task;
import static io.plinth.dns.feed.Mesos.taskAdded;
import static io.plinth.dns.feed.Mesos.taskUpdated;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperatorFeedTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final OperatorFeed.Settings FAST = new OperatorFeed.Settings(Duration.ofMillis(20),
            Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMillis(50));

    private final List<FakeMaster> masters = new ArrayList<>();
    private final Detector detector = new Detector();
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newHttpClient();
    private OperatorFeed feed;
    private FakeMaster one;

    @BeforeEach
    void startMaster() throws Exception {
        one = master("one");
        one.state(state(List.of(agent("a1", "10.0.1.1", 5051)), List.of(framework("fw", "marathon")),
                List.of(running("web.1", "web", 31000))));
    }

    @AfterEach
    void stop() {
        if (feed != null) {
            feed.close();
        }
        masters.forEach(FakeMaster::close);
    }

    @Test
    void deliversTheInitialStateOfTheLeader() {
        startFeed(one);

        ClusterState state = awaitState(s -> taskIds(s).equals(List.of("web.1")));
        assertEquals(Optional.of(new Master("one.example", "127.0.0.1", one.port())), state.leader());
        assertEquals("10.0.1.1", state.agents().get(0).ip());
        assertEquals(List.of(31000), state.tasks().get(0).hostPorts());
        assertEquals(0, one.badCalls());
    }

    @Test
    void followsTasksAsTheyStartAndStop() {
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));

        one.publish(taskAdded(task("fw", "web.2", "web", "a1", TaskState.TASK_STAGING).build()));
        one.publish(taskUpdated("fw", status("web.2", TaskState.TASK_RUNNING, "172.17.0.3")));
        ClusterState started = awaitState(s -> taskIds(s).equals(List.of("web.1", "web.2")));
        assertEquals(List.of("172.17.0.3"), started.tasks().get(1).networkIps());
        assertEquals("TASK_RUNNING", started.tasks().get(1).state());

        one.publish(taskUpdated("fw", status("web.1", TaskState.TASK_KILLED)));
        awaitState(s -> taskIds(s).equals(List.of("web.2")));
    }

    @Test
    void deliversOnlyChangesThatMatter() {
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));
        int before = deliveries.size();

        one.publish(taskAdded(task("fw", "web.2", "web", "a1", TaskState.TASK_STAGING).build()));
        one.publish(taskUpdated("fw", status("web.3", TaskState.TASK_RUNNING)));
        one.publish(taskAdded(task("fw", "marker", "marker", "a1", TaskState.TASK_RUNNING).build()));

        awaitState(s -> taskIds(s).contains("marker"));
        assertEquals(before + 1, deliveries.size(), "one delivery, for the task that runs");
    }

    @Test
    void coalescesBurstsButDeliversEveryChange() {
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));
        int before = deliveries.size();

        for (int i = 0; i < 200; i++) {
            one.publish(taskAdded(task("fw", "burst." + i, "burst", "a1", TaskState.TASK_RUNNING).build()));
        }

        awaitState(s -> s.tasks().size() == 201);
        List<Delivery> burst = deliveries.subList(before, deliveries.size());
        assertTrue(burst.size() < 200, "a burst is coalesced: " + burst.size() + " deliveries");
        for (int i = 1; i < burst.size(); i++) {
            long gap = burst.get(i).atMillis() - burst.get(i - 1).atMillis();
            assertTrue(gap >= 45, "deliveries " + gap + " ms apart");
        }
    }

    @Test
    void aSlowConsumerGetsDeliveriesTwiceItsTimeApart() {
        detector.lead(one.leaderInfo());
        feed = new OperatorFeed(detector, client, Clock.systemUTC(), tracker(), state -> {
            record(state);
            try {
                Thread.sleep(80); // stands for rebuilding the records of a large cluster
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, FAST);
        feed.start();
        awaitState(s -> taskIds(s).equals(List.of("web.1")));
        int before = deliveries.size();

        for (int i = 0; i < 100; i++) {
            one.publish(taskAdded(task("fw", "burst." + i, "burst", "a1", TaskState.TASK_RUNNING).build()));
        }

        awaitState(s -> s.tasks().size() == 101);
        List<Delivery> burst = deliveries.subList(before - 1, deliveries.size());
        assertTrue(burst.size() >= 2, "the burst was delivered");
        for (int i = 1; i < burst.size(); i++) {
            long gap = burst.get(i).atMillis() - burst.get(i - 1).atMillis();
            assertTrue(gap >= 155, "deliveries " + gap + " ms apart, not twice the consumer's 80 ms");
        }
    }

    @Test
    void resubscribesAndResyncsWhenTheStreamEnds() {
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));

        one.state(state(List.of(agent("a1", "10.0.1.1", 5051)), List.of(framework("fw", "marathon")),
                List.of(running("web.1", "web", 31000), running("web.9", "web", 31009))));
        one.dropStreams();

        awaitState(s -> taskIds(s).equals(List.of("web.1", "web.9")));
        assertEquals(2, one.subscriptions());
    }

    @Test
    void resubscribesWhenHeartbeatsStop() {
        one.heartbeats(false);
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));

        // SUBSCRIBED says 0.2 s: after 2 x 0.2 s + 0.1 s of silence the stream counts as dead
        await().atMost(WAIT).until(() -> one.subscriptions() >= 2);
    }

    @Test
    void keepsAStreamThatHeartbeats() throws Exception {
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));

        // heartbeats every 0.2 s keep the stream alive well past its 0.5 s silence limit
        long until = System.nanoTime() + Duration.ofMillis(1200).toNanos();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> one.subscriptions() != 1 || System.nanoTime() - until > 0);
        assertEquals(1, one.subscriptions());
    }

    @Test
    void switchesToTheNewLeader() throws Exception {
        FakeMaster two = master("two");
        two.state(state(List.of(agent("a1", "10.0.1.1", 5051)), List.of(framework("fw", "marathon")),
                List.of(running("api.1", "api", 31100))));
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));

        detector.lead(two.leaderInfo());

        ClusterState state = awaitState(s -> taskIds(s).equals(List.of("api.1")));
        assertEquals(Optional.of(new Master("two.example", "127.0.0.1", two.port())), state.leader());
        await().atMost(WAIT).until(() -> one.openStreams() == 0);
        assertEquals(1, two.subscriptions());
    }

    @Test
    void followsARedirectToTheLeader() throws Exception {
        FakeMaster two = master("two");
        two.state(state(List.of(), List.of(framework("fw", "marathon")), List.of(running("api.1", "api", 31100))));
        one.redirectTo(two);
        startFeed(one);

        ClusterState state = awaitState(s -> taskIds(s).equals(List.of("api.1")));
        assertEquals(Optional.of(new Master("127.0.0.1", "127.0.0.1", two.port())), state.leader());
        assertEquals(0, one.subscriptions());
    }

    @Test
    void knowsTheLeaderWhenTheClientFollowedTheRedirect() throws Exception {
        FakeMaster two = master("two");
        two.state(state(List.of(), List.of(framework("fw", "marathon")), List.of(running("api.1", "api", 31100))));
        one.redirectTo(two);
        detector.lead(one.leaderInfo());
        HttpClient following = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        feed = new OperatorFeed(detector, following, Clock.systemUTC(), tracker(), this::record, FAST);
        feed.start();

        ClusterState state = awaitState(s -> taskIds(s).equals(List.of("api.1")));
        assertEquals(Optional.of(new Master("127.0.0.1", "127.0.0.1", two.port())), state.leader());
    }

    @Test
    void retriesAMasterThatIsDown() throws Exception {
        FakeMaster two = master("two");
        LeaderInfo gone = two.leaderInfo();
        two.close();
        detector.lead(gone);
        feed = new OperatorFeed(detector, client, Clock.systemUTC(), tracker(), this::record, FAST);
        feed.start();

        // the stand-in leader is down; the feed keeps trying until the detector names a live one
        detector.lead(one.leaderInfo());
        awaitState(s -> taskIds(s).equals(List.of("web.1")));
    }

    @Test
    void waitsWhileNobodyLeadsAndKeepsTheLastState() {
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));

        detector.lead(null);
        await().atMost(WAIT).until(() -> one.openStreams() == 0);
        int subscriptions = one.subscriptions();
        detector.lead(one.leaderInfo());
        await().atMost(WAIT).until(() -> one.subscriptions() == subscriptions + 1);
        assertEquals(List.of("web.1"), taskIds(deliveries.get(deliveries.size() - 1).state()));
    }

    @Test
    void closeEndsTheStreamAndTheThreadsAndMayBeRepeated() {
        startFeed(one);
        awaitState(s -> taskIds(s).equals(List.of("web.1")));

        feed.close();
        feed.close();

        assertFalse(detector.watching(), "the leader watch is closed");
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("dns-operator-feed") && thread.isAlive()));
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("dns-operator-feed-reader") && thread.isAlive()));
        await().atMost(WAIT).until(() -> one.openStreams() == 0);
    }

    // ------------------------------------------------------------------ helpers

    private FakeMaster master(String name) throws Exception {
        FakeMaster master = new FakeMaster(name);
        masters.add(master);
        return master;
    }

    private void startFeed(FakeMaster leader) {
        detector.lead(leader.leaderInfo());
        feed = new OperatorFeed(detector, client, Clock.systemUTC(), tracker(), this::record, FAST);
        feed.start();
    }

    private static StateTracker tracker() {
        return new StateTracker(List.of(), host -> Optional.empty());
    }

    private void record(ClusterState state) {
        deliveries.add(new Delivery(System.nanoTime() / 1_000_000, state));
    }

    private ClusterState awaitState(java.util.function.Predicate<ClusterState> wanted) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10))
                .until(() -> !deliveries.isEmpty() && wanted.test(deliveries.get(deliveries.size() - 1).state()));
        return deliveries.get(deliveries.size() - 1).state();
    }

    private static List<String> taskIds(ClusterState state) {
        return state.tasks().stream().map(Task::id).toList();
    }

    private static Protos.Task running(String id, String name, int port) {
        return task("fw", id, name, "a1", TaskState.TASK_RUNNING).addResources(ports(port, port))
                .setLabels(Protos.Labels.newBuilder()).build();
    }

    private record Delivery(long atMillis, ClusterState state) {
    }

    /** A leader detector whose leader the test sets. */
    private static final class Detector implements LeaderDetector {
        private volatile Optional<LeaderInfo> leader = Optional.empty();
        private volatile Consumer<Optional<LeaderInfo>> listener;

        void lead(LeaderInfo next) {
            leader = Optional.ofNullable(next);
            Consumer<Optional<LeaderInfo>> current = listener;
            if (current != null) {
                current.accept(leader);
            }
        }

        boolean watching() {
            return listener != null;
        }

        @Override
        public Optional<LeaderInfo> leader(String group) {
            return leader;
        }

        @Override
        public Map<String, LeaderInfo> leaders() {
            return leader.map(info -> Map.of("mesos", info)).orElse(Map.of());
        }

        @Override
        public Registration watch(String group, Consumer<Optional<LeaderInfo>> next) {
            assertEquals("mesos", group);
            listener = next;
            next.accept(leader);
            return () -> listener = null;
        }
    }
}

package io.plinth.coordination.election;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.plinth.coordination.api.ClusterSingleton;
import io.plinth.coordination.zk.TestZooKeeper;
import io.plinth.coordination.zk.ZnodeLayout;

class LeadershipManagerTest {

    private static final String SVC = "svc";

    private final ZnodeLayout layout = new ZnodeLayout("/plinth");
    private TestZooKeeper zk;
    private CuratorFramework observer;

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = TestZooKeeper.started();
        observer = zk.client();
    }

    @AfterEach
    void closeAll() throws Exception {
        zk.close();
    }

    @Test
    void onlyTheLeadingNodeRunsItsSingletonAndTheOtherTakesOverWhenItStops() {
        LeadershipManager first = manager("10.0.0.1");
        LeadershipManager second = manager("10.0.0.2");
        FakeSingleton one = new FakeSingleton();
        FakeSingleton two = new FakeSingleton();
        first.add(one, SVC);
        await().until(one::running);
        second.add(two, SVC);
        await().until(() -> participants() == 2);
        assertFalse(two.running());
        assertTrue(first.isLeading(SVC));
        assertFalse(second.isLeading(SVC));

        first.close();
        first.close(); // safe twice

        assertEquals(List.of("start", "stop"), one.calls(), "close stops the singleton before it returns");
        await().atMost(Duration.ofSeconds(3)).until(two::running);
        assertTrue(second.isLeading(SVC));
        assertEquals(List.of("start"), two.calls());
        two.assertOneThreadNoOverlap();
        one.assertOneThreadNoOverlap();
    }

    @Test
    void aFailedStartIsStoppedGivesUpLeadershipAndStandsAgainAfterTheBackOff() {
        LeadershipManager first = manager("10.0.0.1");
        LeadershipManager second = manager("10.0.0.2");
        FakeSingleton failing = new FakeSingleton();
        failing.failStarts.set(true);
        FakeSingleton healthy = new FakeSingleton();

        first.add(failing, SVC);
        await().until(() -> failing.calls().size() >= 2);
        assertEquals(List.of("start", "stop"), failing.calls().subList(0, 2), "a failed start is followed by stop");
        second.add(healthy, SVC);

        // first keeps failing and handing over; second's node ends up below first's, so second runs
        await().until(healthy::running);
        await().until(() -> participants() == 2); // first stood again, as a follower
        failing.failStarts.set(false);

        second.close();

        await().until(failing::running);
        List<String> calls = failing.calls();
        assertEquals("start", calls.get(calls.size() - 1));
        failing.assertOneThreadNoOverlap();
    }

    @Test
    void singletonsJoinAndLeaveWhileTheNodeLeads() throws Exception {
        LeadershipManager manager = manager("10.0.0.1");
        FakeSingleton one = new FakeSingleton();
        FakeSingleton two = new FakeSingleton();
        manager.add(one, SVC);
        await().until(one::running);

        manager.add(two, SVC);
        await().until(two::running);
        manager.add(two, SVC); // already known: nothing happens

        manager.remove(one);
        await().until(() -> !one.running());
        assertTrue(two.running());
        assertEquals(1, participants());

        manager.remove(two);
        await().until(() -> !two.running());
        await().until(() -> participants() == 0); // no singleton left: the node left the election
        assertFalse(manager.isLeading(SVC));

        manager.add(one, SVC);
        await().until(one::running);
        assertEquals(List.of("start", "stop", "start"), one.calls());
        assertEquals(List.of("start", "stop"), two.calls());
        one.assertOneThreadNoOverlap();
    }

    @Test
    void aSingletonMovesWhenItsGroupChanges() {
        LeadershipManager manager = manager("10.0.0.1");
        FakeSingleton singleton = new FakeSingleton();
        manager.add(singleton, SVC);
        await().until(singleton::running);

        manager.add(singleton, "other");

        await().until(() -> manager.isLeading("other") && !manager.isLeading(SVC));
        await().until(singleton::running);
        assertEquals(List.of("start", "stop", "start"), singleton.calls());
    }

    @Test
    void aGroupThatIsNotAZnodeNameIsRefused() {
        LeadershipManager manager = manager("10.0.0.1");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> manager.add(new FakeSingleton(), "a/b"));
        assertTrue(e.getMessage().contains("'a/b'"), e.getMessage());
    }

    @Test
    void closeStopsRunningSingletonsAndLaterAddsAreIgnored() {
        LeadershipManager manager = manager("10.0.0.1");
        FakeSingleton singleton = new FakeSingleton();
        manager.add(singleton, SVC);
        await().until(singleton::running);

        manager.close();

        assertFalse(singleton.running());
        await().until(() -> participants() == 0);
        FakeSingleton late = new FakeSingleton();
        manager.add(late, SVC);
        assertEquals(List.of(), late.calls());
    }

    private LeadershipManager manager(String ip) {
        return zk.closeLater(new LeadershipManager(zk.client(), layout, new NodeIdentity("", ip, 8080, "test"),
                Duration.ofMillis(300)));
    }

    private int participants() throws Exception {
        String group = layout.group(SVC);
        return observer.checkExists().forPath(group) == null ? 0 : ElectionNodes.inOrder(observer.getChildren().forPath(group)).size();
    }

    /** Records its calls, and the threads and overlaps of them. */
    private static final class FakeSingleton implements ClusterSingleton {
        final AtomicBoolean failStarts = new AtomicBoolean();
        private final List<String> calls = new ArrayList<>();
        private final Set<String> threads = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean inCall = new AtomicBoolean();
        private volatile boolean overlapped;
        private volatile boolean running;

        @Override
        public void start() {
            enter("start");
            try {
                if (failStarts.get()) {
                    throw new IllegalStateException("cannot start");
                }
                running = true;
            } finally {
                inCall.set(false);
            }
        }

        @Override
        public void stop() {
            enter("stop");
            running = false;
            inCall.set(false);
        }

        private void enter(String call) {
            if (!inCall.compareAndSet(false, true)) {
                overlapped = true;
            }
            threads.add(Thread.currentThread().getName());
            synchronized (calls) {
                calls.add(call);
            }
        }

        boolean running() {
            return running;
        }

        List<String> calls() {
            synchronized (calls) {
                return List.copyOf(calls);
            }
        }

        void assertOneThreadNoOverlap() {
            assertFalse(overlapped, "calls overlapped");
            assertEquals(Set.of("plinth-leadership-" + SVC), threads);
            List<String> calls = calls();
            for (int i = 0; i < calls.size(); i++) {
                assertEquals(i % 2 == 0 ? "start" : "stop", calls.get(i), "calls alternate: " + calls);
            }
        }
    }
}

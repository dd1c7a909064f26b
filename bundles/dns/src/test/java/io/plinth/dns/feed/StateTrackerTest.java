package io.plinth.dns.feed;

import static io.plinth.dns.feed.Mesos.agent;
import static io.plinth.dns.feed.Mesos.agentAdded;
import static io.plinth.dns.feed.Mesos.agentRemoved;
import static io.plinth.dns.feed.Mesos.framework;
import static io.plinth.dns.feed.Mesos.frameworkAdded;
import static io.plinth.dns.feed.Mesos.frameworkRemoved;
import static io.plinth.dns.feed.Mesos.heartbeat;
import static io.plinth.dns.feed.Mesos.ports;
import static io.plinth.dns.feed.Mesos.state;
import static io.plinth.dns.feed.Mesos.status;
import static io.plinth.dns.feed.Mesos.task;
import static io.plinth.dns.feed.Mesos.taskAdded;
import static io.plinth.dns.feed.Mesos.taskUpdated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

class StateTrackerTest {

    private static final Master LEADER = new Master("m1.example", "10.0.0.1", 5050);
    private static final List<Master> MASTERS = List.of(LEADER, new Master("10.0.0.2", "10.0.0.2", 5050));

    private final Map<String, String> dns = new HashMap<>(Map.of("agent-b.example", "10.0.1.2"));
    private final StateTracker tracker = new StateTracker(MASTERS, host -> Optional.ofNullable(dns.get(host)));

    @Test
    void resetMapsTheMastersFullState() {
        Protos.Task web = task("fw-1", "web.1", "web", "a1", TaskState.TASK_RUNNING)
                .addResources(ports(31000, 31001, 31005, 31005))
                .setDiscovery(Protos.DiscoveryInfo.newBuilder().setVisibility(Protos.DiscoveryInfo.Visibility.CLUSTER)
                        .setName("website").setPorts(Protos.Ports.newBuilder().addPorts(
                                Protos.Port.newBuilder().setNumber(8080).setName("http").setProtocol("tcp"))))
                .setLabels(Protos.Labels.newBuilder().addLabels(Protos.Label.newBuilder().setKey("tier").setValue("front")))
                .addStatuses(status("web.1", TaskState.TASK_STARTING))
                .addStatuses(status("web.1", TaskState.TASK_RUNNING, "172.17.0.2", "fd00::2"))
                .build();
        Protos.Task done = task("fw-1", "old.1", "old", "a1", TaskState.TASK_FINISHED).build();
        Protos.Task away = task("fw-1", "db.1", "db", "a2", TaskState.TASK_UNREACHABLE).build();
        tracker.reset(state(List.of(agent("a1", "10.0.1.1", 5051), agent("a2", "agent-b.example", 5051),
                        agent("a3", "10.0.1.3", "")),
                List.of(framework("fw-1", "marathon")), List.of(web, done)).toBuilder()
                .setGetTasks(org.apache.mesos.v1.master.Protos.Response.GetTasks.newBuilder()
                        .addTasks(web).addTasks(done).addUnreachableTasks(away).addCompletedTasks(done))
                .build(), Optional.of(LEADER));

        ClusterState state = tracker.state();
        assertEquals(Optional.of(LEADER), state.leader());
        assertEquals(MASTERS, state.masters());
        assertEquals(List.of(new Agent("a1", "10.0.1.1", "10.0.1.1"), new Agent("a2", "agent-b.example", "10.0.1.2"),
                new Agent("a3", "10.0.1.3", "10.0.1.3")), state.agents());
        assertEquals(List.of(new Framework("fw-1", "marathon")), state.frameworks());
        assertEquals(List.of(
                new Task("web.1", "web", "fw-1", "a1", "TASK_RUNNING", List.of(31000, 31001, 31005),
                        Optional.of(new Discovery("CLUSTER", "website", List.of(new DiscoveryPort(8080, "http", "tcp")))),
                        List.of("172.17.0.2", "fd00::2"), Map.of("tier", "front")),
                new Task("db.1", "db", "fw-1", "a2", "TASK_UNREACHABLE", List.of(), Optional.empty(), List.of(), Map.of())),
                state.tasks());
    }

    @Test
    void anAgentWhoseNameDoesNotResolveHasNoAddress() {
        tracker.reset(state(List.of(agent("a1", "nowhere.example", 5051)), List.of(), List.of()), Optional.empty());

        assertEquals(List.of(new Agent("a1", "nowhere.example", "")), tracker.state().agents());
    }

    @Test
    void theAddressInThePidWinsOverTheHostname() {
        tracker.reset(state(List.of(agent("a1", "agent-b.example", "slave(1)@10.9.9.9:5051")), List.of(), List.of()),
                Optional.empty());

        assertEquals("10.9.9.9", tracker.state().agents().get(0).ip());
    }

    @Test
    void aTaskMattersOnceItRunsAndUntilItStops() {
        tracker.reset(state(List.of(agent("a1", "10.0.1.1", 5051)), List.of(framework("fw", "marathon")), List.of()),
                Optional.of(LEADER));

        assertFalse(tracker.apply(taskAdded(task("fw", "t1", "web", "a1", TaskState.TASK_STAGING).build())));
        assertEquals(1, tracker.state().tasks().size());
        assertFalse(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_STARTING))));
        assertEquals("TASK_STARTING", tracker.state().tasks().get(0).state());
        assertTrue(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_RUNNING))));
        assertFalse(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_RUNNING))), "nothing new");
        assertTrue(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_RUNNING, "172.17.0.9"))), "new address");
        assertEquals(List.of("172.17.0.9"), tracker.state().tasks().get(0).networkIps());
        assertFalse(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_RUNNING))), "addresses stay");
        assertEquals(List.of("172.17.0.9"), tracker.state().tasks().get(0).networkIps());
        assertTrue(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_KILLED))));
        assertEquals(List.of(), tracker.state().tasks());
        assertFalse(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_RUNNING))), "unknown task");
    }

    @Test
    void aTaskThatNeverRanLeavesWithoutAChange() {
        tracker.reset(state(List.of(), List.of(), List.of()), Optional.empty());
        tracker.apply(taskAdded(task("fw", "t1", "web", "a1", TaskState.TASK_STAGING).build()));

        assertFalse(tracker.apply(taskUpdated("fw", status("t1", TaskState.TASK_FAILED))));
        assertEquals(List.of(), tracker.state().tasks());
    }

    @Test
    void tasksAreKeyedByFrameworkAndId() {
        tracker.reset(state(List.of(), List.of(), List.of()), Optional.empty());
        tracker.apply(taskAdded(task("fw-a", "t1", "web", "a1", TaskState.TASK_RUNNING).build()));
        tracker.apply(taskAdded(task("fw-b", "t1", "web", "a1", TaskState.TASK_RUNNING).build()));

        assertTrue(tracker.apply(taskUpdated("fw-a", status("t1", TaskState.TASK_KILLED))));
        assertEquals(List.of("fw-b"), tracker.state().tasks().stream().map(Task::frameworkId).toList());
    }

    @Test
    void agentsAndFrameworksComeAndGo() {
        tracker.reset(state(List.of(), List.of(), List.of()), Optional.empty());

        assertTrue(tracker.apply(agentAdded(agent("a1", "10.0.1.1", 5051))));
        assertFalse(tracker.apply(agentAdded(agent("a1", "10.0.1.1", 5051))), "a re-registration changes nothing");
        assertTrue(tracker.apply(frameworkAdded(framework("fw", "marathon"))));
        assertFalse(tracker.apply(frameworkAdded(framework("fw", "marathon"))));
        tracker.apply(taskAdded(task("fw", "t1", "web", "a1", TaskState.TASK_RUNNING).build()));
        assertTrue(tracker.apply(agentRemoved("a1")));
        assertFalse(tracker.apply(agentRemoved("a1")));
        assertTrue(tracker.apply(frameworkRemoved("fw", "marathon")));
        ClusterState state = tracker.state();
        assertEquals(List.of(), state.agents());
        assertEquals(List.of(), state.frameworks());
        assertEquals(List.of(), state.tasks(), "a removed framework's tasks are gone");
        assertFalse(tracker.apply(heartbeat()));
    }

    @Test
    void stateIsAValueThatLaterEventsDoNotChange() {
        tracker.reset(state(List.of(), List.of(), List.of()), Optional.empty());
        ClusterState before = tracker.state();
        tracker.apply(agentAdded(agent("a1", "10.0.1.1", 5051)));

        assertEquals(List.of(), before.agents());
        assertEquals(1, tracker.state().agents().size());
    }

    /** Whatever the order of updates: no terminal task is kept, and apply says true exactly when the running set changed. */
    @Property(tries = 300)
    void applyReportsExactlyTheChangesOfWhatRuns(@ForAll("updates") List<Map.Entry<String, TaskState>> updates) {
        StateTracker subject = new StateTracker(List.of(), host -> Optional.empty());
        subject.reset(state(List.of(), List.of(), List.of()), Optional.empty());
        for (String id : List.of("t1", "t2", "t3")) {
            subject.apply(taskAdded(task("fw", id, id, "a1", TaskState.TASK_STAGING).build()));
        }
        for (Map.Entry<String, TaskState> update : updates) {
            Set<String> runningBefore = running(subject.state());
            boolean changed = subject.apply(taskUpdated("fw", status(update.getKey(), update.getValue())));
            assertEquals(!runningBefore.equals(running(subject.state())), changed);
            assertTrue(subject.state().tasks().stream().noneMatch(task -> Set.of("TASK_FINISHED", "TASK_FAILED",
                    "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED", "TASK_GONE").contains(task.state())));
        }
    }

    @Provide
    Arbitrary<List<Map.Entry<String, TaskState>>> updates() {
        Arbitrary<String> ids = Arbitraries.of("t1", "t2", "t3");
        Arbitrary<TaskState> states = Arbitraries.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_KILLING, TaskState.TASK_UNREACHABLE, TaskState.TASK_FINISHED, TaskState.TASK_KILLED,
                TaskState.TASK_LOST);
        return Combinators.combine(ids, states).as(Map::entry).list().ofMaxSize(20);
    }

    private static Set<String> running(ClusterState state) {
        return state.tasks().stream().filter(task -> task.state().equals("TASK_RUNNING")).map(Task::id)
                .collect(Collectors.toSet());
    }
}

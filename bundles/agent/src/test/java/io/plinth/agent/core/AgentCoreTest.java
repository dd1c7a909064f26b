package io.plinth.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.agent.simulated.SimulatedContainerizer;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentCoreTest {

    private static final Path WORK = Path.of("/var/lib/plinth");
    private static final FrameworkID FRAMEWORK_ID = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setUser("root").setName("marathon")
            .setId(FRAMEWORK_ID).build();
    private static final Duration RETRY = Duration.ofSeconds(10);

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<AgentCall> sent = new ArrayList<>();
    private final MemoryIdStore ids = new MemoryIdStore();
    private final RecordingContainerizer containerizer = new RecordingContainerizer();
    private TaskStore store = TaskStore.NONE;

    static final class MemoryIdStore implements AgentIdStore {
        String id;

        @Override
        public Optional<String> load() {
            return Optional.ofNullable(id);
        }

        @Override
        public void save(String agentId) {
            id = agentId;
        }
    }

    private AgentCore core(io.plinth.agent.api.Containerizer c) {
        return core(c, WORK);
    }

    private AgentCore core(io.plinth.agent.api.Containerizer c, Path work) {
        AgentSettings settings = new AgentSettings("node-1", 5051, List.of(), List.of(), work, RETRY, "0.1.0");
        AgentCore core = new AgentCore(settings, c, ids, store, sandbox -> { }, sent::add, clock);
        core.recover();
        return core;
    }

    private static TaskInfo task(String id) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue("a-1"))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000")).build();
    }

    private static TaskID taskId(String id) {
        return TaskID.newBuilder().setValue(id).build();
    }

    private static AgentEvent subscribed(String agentId) {
        return AgentEvent.subscribed(AgentID.newBuilder().setValue(agentId).build(), 15);
    }

    private List<AgentCall> sent(AgentCall.Type type) {
        return sent.stream().filter(c -> c.type() == type).toList();
    }

    private AgentCall lastUpdate() {
        List<AgentCall> updates = sent(AgentCall.Type.UPDATE);
        return updates.get(updates.size() - 1);
    }

    private static AgentEvent ackOf(AgentCall update) {
        TaskStatus status = update.update().status();
        return AgentEvent.acknowledge(update.update().frameworkId(), status.getTaskId(), AgentLink.uuidText(status.getUuid()));
    }

    @Test
    void registersThenPersistsTheIdTheMasterGives() {
        AgentCore core = core(containerizer);
        AgentCall first = core.subscribeCall();
        assertNull(first.agentId());
        assertFalse(first.subscribe().agentInfo().hasId());
        assertEquals("node-1", first.subscribe().agentInfo().getHostname());
        assertEquals("0.1.0", first.subscribe().version());
        assertTrue(containerizer.recoveries.isEmpty(), "a new agent has nothing to recover");

        core.onEvent(subscribed("a-1"));

        assertEquals("a-1", ids.id);
        assertEquals(Optional.of("a-1"), core.agentId());
        assertTrue(core.snapshot().subscribed());
        AgentCall again = core.subscribeCall();
        assertEquals("a-1", again.agentId());
        assertEquals("a-1", again.subscribe().agentInfo().getId().getValue());
    }

    @Test
    void launchedTaskIsReportedRunningWithAFullStatusAndAcknowledged() {
        AgentCore core = core(new SimulatedContainerizer());
        core.onEvent(subscribed("a-1"));
        clock.advance(Duration.ofMillis(1500));

        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));

        AgentCall update = lastUpdate();
        assertEquals("a-1", update.agentId());
        assertEquals(FRAMEWORK_ID, update.update().frameworkId());
        TaskStatus status = update.update().status();
        assertEquals(TaskState.TASK_RUNNING, status.getState());
        assertEquals(TaskStatus.Source.SOURCE_EXECUTOR, status.getSource());
        assertEquals("a-1", status.getAgentId().getValue());
        assertEquals(clock.millis() / 1000.0, status.getTimestamp());
        assertEquals(16, status.getUuid().size());
        assertFalse(status.hasExecutorId(), "a command task has no executor of its own");
        assertEquals(1, core.snapshot().task(new TaskKey("fw-1", "web.1")).orElseThrow().unacknowledged());

        core.onEvent(ackOf(update));

        AgentSnapshot.TaskSnapshot task = core.snapshot().task(new TaskKey("fw-1", "web.1")).orElseThrow();
        assertEquals(0, task.unacknowledged());
        assertEquals(Optional.of(TaskState.TASK_RUNNING), task.state());
    }

    @Test
    void launchGivesTheContainerizerASandboxInMesosLayout() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));

        TaskLaunch launch = containerizer.launches.get(0);
        assertEquals("a-1", launch.agentId().getValue());
        assertEquals(FRAMEWORK, launch.framework());
        assertEquals(List.of(task("web.1")), launch.tasks());
        assertEquals(WORK.resolve("slaves/a-1/frameworks/fw-1/executors/web.1/runs/" + launch.containerId().getValue()),
                launch.sandbox());
    }

    @Test
    void updatesOfATaskGoOutOneAtATimeInOrder() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_STARTING));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_RUNNING));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_FINISHED, null, "exit 0"));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_FAILED));

        assertEquals(1, sent(AgentCall.Type.UPDATE).size(), "the next update waits for the acknowledgement");
        assertEquals(TaskState.TASK_STARTING, lastUpdate().update().status().getState());
        assertEquals(3, core.snapshot().tasks().get(0).unacknowledged(), "nothing after a terminal state counts");

        core.onEvent(ackOf(lastUpdate()));
        assertEquals(TaskState.TASK_RUNNING, lastUpdate().update().status().getState());
        core.onEvent(ackOf(lastUpdate()));
        AgentCall finished = lastUpdate();
        assertEquals(TaskState.TASK_FINISHED, finished.update().status().getState());
        assertEquals("exit 0", finished.update().status().getMessage());

        core.onEvent(ackOf(finished));
        assertTrue(core.snapshot().tasks().isEmpty(), "a terminal, fully acknowledged task is forgotten");
        assertTrue(core.subscribeCall().subscribe().frameworks().isEmpty(), "and so is its framework");
        assertEquals(3, sent(AgentCall.Type.UPDATE).size());
    }

    @Test
    void unacknowledgedUpdateIsRetriedAfterTheIntervalWithTheSameUuid() {
        AgentCore core = core(new SimulatedContainerizer());
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        AgentCall first = lastUpdate();

        clock.advance(RETRY.minusSeconds(1));
        core.retryDue();
        assertEquals(1, sent(AgentCall.Type.UPDATE).size(), "not yet due");

        clock.advance(Duration.ofSeconds(1));
        core.retryDue();
        assertEquals(2, sent(AgentCall.Type.UPDATE).size());
        assertEquals(first, lastUpdate());

        core.onEvent(ackOf(first));
        clock.advance(RETRY.multipliedBy(3));
        core.retryDue();
        assertEquals(2, sent(AgentCall.Type.UPDATE).size(), "acknowledged updates are not retried");
    }

    @Test
    void staleOrUnknownAcknowledgementsChangeNothing() {
        AgentCore core = core(new SimulatedContainerizer());
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        core.onEvent(AgentEvent.acknowledge(FRAMEWORK_ID, taskId("web.1"), "AAAAAAAAAAAAAAAAAAAAAA=="));
        core.onEvent(AgentEvent.acknowledge(FRAMEWORK_ID, taskId("other"), "AAAAAAAAAAAAAAAAAAAAAA=="));
        assertEquals(1, core.snapshot().tasks().get(0).unacknowledged());
    }

    @Test
    void updatesWaitWhileDisconnectedAndReSubscribeCarriesThem() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"), task("web.2"))));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_RUNNING));
        core.onEvent(ackOf(lastUpdate()));
        core.onDisconnected();

        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.2"), TaskState.TASK_RUNNING));
        clock.advance(RETRY.multipliedBy(2));
        core.retryDue();
        assertEquals(1, sent(AgentCall.Type.UPDATE).size(), "no stream, no updates");

        AgentCall subscribe = core.subscribeCall();
        assertEquals("a-1", subscribe.agentId());
        List<AgentCall.KnownTask> known = subscribe.subscribe().tasks();
        assertEquals(2, known.size());
        assertEquals(TaskState.TASK_RUNNING, known.get(0).latest().getState());
        assertTrue(known.get(0).unacknowledged().isEmpty());
        assertEquals(task("web.2"), known.get(1).task());
        assertEquals(1, known.get(1).unacknowledged().size());
        assertEquals(known.get(1).latest(), known.get(1).unacknowledged().get(0));
        assertEquals(List.of(FRAMEWORK), subscribe.subscribe().frameworks());

        core.onEvent(subscribed("a-1"));
        assertEquals(known.get(1).latest(), lastUpdate().update().status(), "sent at once on the new stream");
    }

    @Test
    void pingIsAnsweredWithPong() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.ping());
        assertEquals(List.of(AgentCall.pong("a-1")), sent(AgentCall.Type.PONG));
    }

    @Test
    void killReachesTheContainerizerOnlyForLiveKnownTasks() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"), task("web.2"))));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.2"), TaskState.TASK_FAILED));
        KillPolicy policy = KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder().setNanoseconds(5)).build();

        core.onEvent(AgentEvent.kill(FRAMEWORK_ID, taskId("web.1"), policy));
        core.onEvent(AgentEvent.kill(FRAMEWORK_ID, taskId("web.2"), null));
        core.onEvent(AgentEvent.kill(FRAMEWORK_ID, taskId("nope"), null));
        core.onEvent(AgentEvent.kill(FrameworkID.newBuilder().setValue("fw-2").build(), taskId("web.1"), null));

        assertEquals(List.of(new RecordingContainerizer.Kill(FRAMEWORK_ID, taskId("web.1"), Optional.of(policy))),
                containerizer.kills);
    }

    @Test
    void simulatedKillEndsInTaskKilled() {
        SimulatedContainerizer simulated = new SimulatedContainerizer();
        AgentCore core = core(simulated);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        core.onEvent(ackOf(lastUpdate()));
        core.onEvent(AgentEvent.kill(FRAMEWORK_ID, taskId("web.1"), null));

        assertEquals(TaskState.TASK_KILLED, lastUpdate().update().status().getState());
        assertEquals(0, simulated.runningTasks());
    }

    @Test
    void shutdownFrameworkKillsAndForgetsItsTasks() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        FrameworkInfo other = FRAMEWORK.toBuilder().setId(FrameworkID.newBuilder().setValue("fw-2")).build();
        core.onEvent(AgentEvent.launch(other, null, List.of(task("db.1"))));

        core.onEvent(AgentEvent.shutdownFramework(FRAMEWORK_ID));

        assertEquals(List.of(new RecordingContainerizer.Kill(FRAMEWORK_ID, taskId("web.1"), Optional.empty())),
                containerizer.kills);
        assertEquals(List.of(new TaskKey("fw-2", "db.1")), core.snapshot().tasks().stream().map(t -> t.key()).toList());
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_KILLED));
        assertTrue(sent(AgentCall.Type.UPDATE).isEmpty(), "the master forgot the framework, no update goes out");
        assertEquals(List.of(other), core.subscribeCall().subscribe().frameworks());
    }

    @Test
    void failedLaunchIsReportedAsTaskFailed() {
        containerizer.launchFailure = new IllegalStateException("no such image");
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));

        TaskStatus status = lastUpdate().update().status();
        assertEquals(TaskState.TASK_FAILED, status.getState());
        assertEquals(TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, status.getReason());
        assertEquals("no such image", status.getMessage());
    }

    @Test
    void taskGroupIsOneLaunchAndStatusesNameTheExecutor() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("pod-1")).setFrameworkId(FRAMEWORK_ID).build();
        core.onEvent(AgentEvent.launch(FRAMEWORK, executor, List.of(task("a"), task("b"))));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("a"))));

        assertEquals(1, containerizer.launches.size(), "a second launch of a known task is ignored");
        TaskLaunch launch = containerizer.launches.get(0);
        assertEquals(2, launch.tasks().size());
        assertTrue(launch.sandbox().toString().contains("/executors/pod-1/runs/"));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("b"), TaskState.TASK_RUNNING).withHealthy(true));
        TaskStatus status = lastUpdate().update().status();
        assertEquals("pod-1", status.getExecutorId().getValue());
        assertTrue(status.getHealthy());
    }

    @Test
    void aNewIdFromTheMasterEndsTheOldAgentsTasks() {
        AgentCore core = core(containerizer);
        core.onEvent(subscribed("a-1"));
        core.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        core.onDisconnected();

        core.onEvent(subscribed("a-2"));

        assertEquals("a-2", ids.id);
        assertEquals(1, containerizer.kills.size());
        assertTrue(core.snapshot().tasks().isEmpty());
        assertTrue(core.subscribeCall().subscribe().tasks().isEmpty());
    }

    @Test
    void restartedAgentKnowsItsTasksAndResendsWhatWasNotAcknowledged(@TempDir Path work) {
        store = new FileTaskStore(work);
        AgentCore first = core(containerizer, work);
        first.onEvent(subscribed("a-1"));
        first.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_STARTING));
        first.onEvent(ackOf(lastUpdate()));
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_RUNNING));
        TaskStatus unacknowledged = lastUpdate().update().status();
        first.close();
        assertThrows(IllegalStateException.class, () -> containerizer.sink.update(FRAMEWORK_ID,
                StatusReport.of(taskId("web.1"), TaskState.TASK_FINISHED)), "a stopped agent refuses reports");

        containerizer.toRecover = List.copyOf(containerizer.launches);
        sent.clear();
        AgentCore second = core(containerizer, work);

        AgentCall.KnownTask known = second.subscribeCall().subscribe().tasks().get(0);
        assertEquals(task("web.1"), known.task());
        assertEquals(TaskState.TASK_RUNNING, known.latest().getState());
        assertEquals(List.of(unacknowledged), known.unacknowledged());
        second.onEvent(subscribed("a-1"));
        assertEquals(unacknowledged, lastUpdate().update().status(), "the same update, same uuid, goes out again");
        assertTrue(containerizer.kills.isEmpty());

        // the task ended while the agent was down: the containerizer reports it after recovery
        containerizer.sink.update(FRAMEWORK_ID, StatusReport.of(taskId("web.1"), TaskState.TASK_FAILED, null, "exit 3"));
        assertEquals(unacknowledged, lastUpdate().update().status(), "one update in flight per task");
        second.onEvent(ackOf(lastUpdate()));
        assertEquals(TaskState.TASK_FAILED, lastUpdate().update().status().getState());
        second.onEvent(ackOf(lastUpdate()));
        assertTrue(second.snapshot().tasks().isEmpty());
        assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FAILED),
                second.view().completedTasks().get(0).statuses().stream().map(TaskStatus::getState).toList());

        AgentCore third = core(containerizer, work);
        assertTrue(third.snapshot().tasks().isEmpty(), "an acknowledged terminal task is forgotten on disk too");
    }

    @Test
    void aTaskWhoseContainerIsGoneAfterARestartFails(@TempDir Path work) {
        store = new FileTaskStore(work);
        AgentCore first = core(containerizer, work);
        first.onEvent(subscribed("a-1"));
        first.onEvent(AgentEvent.launch(FRAMEWORK, null, List.of(task("web.1"))));
        first.close();

        containerizer.toRecover = List.of();
        AgentCore second = core(containerizer, work);
        second.onEvent(subscribed("a-1"));

        TaskStatus status = lastUpdate().update().status();
        assertEquals(TaskState.TASK_FAILED, status.getState());
        assertEquals(TaskStatus.Reason.REASON_EXECUTOR_TERMINATED, status.getReason());
    }

    @Test
    void aReadoptedTaskTheAgentForgotIsKilled(@TempDir Path work) {
        store = new FileTaskStore(work);
        ids.id = "a-1";
        TaskLaunch stray = new TaskLaunch(AgentID.newBuilder().setValue("a-1").build(), "h1", FRAMEWORK, null,
                List.of(task("web.1")), ContainerID.newBuilder().setValue("c-1").build(), work.resolve("sandbox"));
        containerizer.toRecover = List.of(stray);
        AgentCore core = core(containerizer, work);

        assertEquals(List.of(new Recovery(AgentID.newBuilder().setValue("a-1").build(), work)), containerizer.recoveries);
        assertEquals(taskId("web.1"), containerizer.kills.get(0).taskId());
        assertTrue(core.subscribeCall().subscribe().tasks().isEmpty());
    }
}

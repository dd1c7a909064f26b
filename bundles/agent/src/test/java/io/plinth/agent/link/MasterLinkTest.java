package io.plinth.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.agent.core.AgentCore;
import io.plinth.agent.core.AgentIdFile;
import io.plinth.agent.core.AgentSettings;
import io.plinth.agent.core.TaskKey;
import io.plinth.agent.core.TaskStore;
import io.plinth.agent.simulated.SimulatedContainerizer;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SOON = Duration.ofSeconds(3);
    private static final FrameworkID FRAMEWORK_ID = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setUser("root").setName("marathon")
            .setId(FRAMEWORK_ID).build();
    private static final TaskInfo TASK = TaskInfo.newBuilder().setName("web").setTaskId(TaskID.newBuilder().setValue("web.1"))
            .setAgentId(AgentID.newBuilder().setValue("a-1")).setCommand(CommandInfo.newBuilder().setValue("sleep 100")).build();
    private static final TaskKey KEY = new TaskKey("fw-1", "web.1");

    @TempDir
    Path work;

    private final List<FakeMaster> masters = new ArrayList<>();
    private final List<MasterLink> links = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private ScheduledExecutorService scheduler;
    private FakeMaster master;
    private FakeDetector detector;

    @BeforeEach
    void start() throws Exception {
        scheduler = Executors.newSingleThreadScheduledExecutor();
        master = master();
        detector = new FakeDetector(Optional.of(master.leaderInfo()));
    }

    @AfterEach
    void stop() {
        links.forEach(MasterLink::close);
        scheduler.shutdownNow();
        masters.forEach(FakeMaster::close);
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("plinth-agent-link-test")),
                "link threads end with their link");
        assertEquals(0, detector.watchers(), "leader watches end with their link");
    }

    private FakeMaster master() throws Exception {
        FakeMaster fake = new FakeMaster();
        masters.add(fake);
        return fake;
    }

    private MasterLink link(Duration updateRetry, Duration requestTimeout) {
        AgentSettings settings = new AgentSettings("node-1", 5051, List.of(), List.of(), work, updateRetry, "test");
        MasterLink link = new MasterLink(
                new LinkSettings("test", Duration.ofMillis(50), Duration.ofMillis(200), requestTimeout, Duration.ofMillis(50)),
                detector, http, scheduler,
                outbox -> new AgentCore(settings, new SimulatedContainerizer(), new AgentIdFile(work), TaskStore.NONE, sandbox -> { }, outbox,
                        Clock.systemUTC()));
        links.add(link);
        return link;
    }

    private MasterLink link() {
        return link(Duration.ofSeconds(10), Duration.ofSeconds(5));
    }

    private static AgentEvent subscribed() {
        return AgentEvent.subscribed(AgentID.newBuilder().setValue("a-1").build(), 1);
    }

    private static void awaitStreams(FakeMaster master, int count) {
        awaitStreams(master, count, WAIT);
    }

    /** With a deadline under the link's 5 s silence limit where only the behaviour under test may end a stream. */
    private static void awaitStreams(FakeMaster master, int count, Duration deadline) {
        await().atMost(deadline).until(() -> master.opened.size() >= count);
    }

    private static FakeMaster.Received awaitCall(FakeMaster master, AgentCall.Type type, int count) {
        await().atMost(WAIT).until(() -> master.received(type).size() >= count);
        return master.received(type).get(count - 1);
    }

    private static AgentEvent ackOf(AgentCall update) {
        TaskStatus status = update.update().status();
        return AgentEvent.acknowledge(update.update().frameworkId(), status.getTaskId(), AgentLink.uuidText(status.getUuid()));
    }

    @Test
    void registersRunsATaskAnswersPingsAndReSubscribesWithItsTasks() throws Exception {
        MasterLink link = link();
        awaitStreams(master, 1);
        AgentCall first = master.calls(AgentCall.Type.SUBSCRIBE).get(0);
        assertNull(first.agentId());
        assertEquals("node-1", first.subscribe().agentInfo().getHostname());

        FakeMaster.Stream stream = master.stream(0);
        stream.send(subscribed());
        Path idFile = work.resolve("meta/agent_id");
        await().atMost(WAIT).until(() -> Files.exists(idFile) && Files.readString(idFile).strip().equals("a-1"));

        stream.send(AgentEvent.launch(FRAMEWORK, null, List.of(TASK)));
        FakeMaster.Received update = awaitCall(master, AgentCall.Type.UPDATE, 1);
        assertEquals(stream.id, update.streamId());
        assertEquals("a-1", update.call().agentId());
        assertEquals(TaskState.TASK_RUNNING, update.call().update().status().getState());
        assertEquals("a-1", update.call().update().status().getAgentId().getValue());

        stream.send(AgentEvent.ping());
        FakeMaster.Received pong = awaitCall(master, AgentCall.Type.PONG, 1);
        assertEquals(stream.id, pong.streamId());
        assertEquals("a-1", pong.call().agentId());

        stream.send(ackOf(update.call()));
        await().atMost(WAIT).until(() -> link.core().snapshot().task(KEY).orElseThrow().unacknowledged() == 0);

        stream.close();
        awaitStreams(master, 2);
        AgentCall again = master.calls(AgentCall.Type.SUBSCRIBE).get(1);
        assertEquals("a-1", again.agentId());
        assertEquals("a-1", again.subscribe().agentInfo().getId().getValue());
        AgentCall.KnownTask known = again.subscribe().tasks().get(0);
        assertEquals(TASK, known.task());
        assertEquals(TaskState.TASK_RUNNING, known.latest().getState());
        assertTrue(known.unacknowledged().isEmpty());
        assertEquals(List.of(FRAMEWORK), again.subscribe().frameworks());
        assertFalse(link.isSubscribed(), "not subscribed until the new stream says SUBSCRIBED");
        master.stream(1).send(subscribed());
        await().atMost(WAIT).until(link::isSubscribed);
    }

    @Test
    void restartedAgentRegistersWithItsPersistedId() throws Exception {
        new AgentIdFile(work).save("a-1");
        link();
        awaitStreams(master, 1);
        AgentCall subscribe = master.calls(AgentCall.Type.SUBSCRIBE).get(0);
        assertEquals("a-1", subscribe.agentId());
        assertEquals("a-1", subscribe.subscribe().agentInfo().getId().getValue());
    }

    @Test
    void unacknowledgedUpdateIsRetriedAndCarriedToTheNextStream() {
        link(Duration.ofMillis(200), Duration.ofSeconds(5));
        awaitStreams(master, 1);
        master.stream(0).send(subscribed());
        master.stream(0).send(AgentEvent.launch(FRAMEWORK, null, List.of(TASK)));
        AgentCall first = awaitCall(master, AgentCall.Type.UPDATE, 1).call();
        AgentCall retried = awaitCall(master, AgentCall.Type.UPDATE, 2).call();
        assertEquals(first, retried, "the same update, same uuid");

        master.stream(0).close();
        awaitStreams(master, 2);
        AgentCall.KnownTask known = master.calls(AgentCall.Type.SUBSCRIBE).get(1).subscribe().tasks().get(0);
        assertEquals(List.of(first.update().status()), known.unacknowledged());

        int before = master.received(AgentCall.Type.UPDATE).size();
        master.stream(1).send(subscribed());
        FakeMaster.Received resent = awaitCall(master, AgentCall.Type.UPDATE, before + 1);
        assertEquals(master.stream(1).id, resent.streamId());
        assertEquals(first.update(), resent.call().update());
    }

    @Test
    void updatesThatWaitForAFreeSlotGoOutTogether() {
        MasterLink link = link();
        awaitStreams(master, 1);
        master.stream(0).send(subscribed());
        CountDownLatch hold = new CountDownLatch(1);
        master.holdAnswers = hold;
        int tasks = 3 * MasterLink.MAX_IN_FLIGHT + 20;
        List<TaskInfo> launched = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            TaskInfo task = TASK.toBuilder().setTaskId(TaskID.newBuilder().setValue("web." + i)).build();
            launched.add(task);
            master.stream(0).send(AgentEvent.launch(FRAMEWORK, null, List.of(task)));
        }
        await().atMost(WAIT).until(() -> master.received(AgentCall.Type.UPDATE).size() == MasterLink.MAX_IN_FLIGHT);
        await().atMost(WAIT).until(() -> link.core().snapshot().tasks().size() == tasks);
        hold.countDown();
        await().atMost(WAIT).until(() -> reportedTasks().size() == tasks);
        List<AgentCall> calls = master.calls(AgentCall.Type.UPDATE);
        assertEquals(tasks, calls.stream().mapToInt(c -> c.allUpdates().size()).sum(), "each update once");
        assertEquals(MasterLink.MAX_IN_FLIGHT + 1, calls.size(),
                "one call in flight per slot, then everything that waited in one more");
        AgentCall batch = calls.get(calls.size() - 1);
        assertEquals(launched.subList(MasterLink.MAX_IN_FLIGHT, tasks).stream().map(TaskInfo::getTaskId).toList(),
                batch.allUpdates().stream().map(u -> u.status().getTaskId()).toList(), "in the order they waited");
    }

    private Set<String> reportedTasks() {
        return master.calls(AgentCall.Type.UPDATE).stream().flatMap(c -> c.allUpdates().stream())
                .map(u -> u.status().getTaskId().getValue()).collect(Collectors.toSet());
    }

    @Test
    void followsARedirectToTheLeader() throws Exception {
        FakeMaster follower = master();
        follower.redirectTo = "//127.0.0.1:" + master.port() + AgentLink.PATH;
        detector = new FakeDetector(Optional.of(follower.leaderInfo()));
        link();
        awaitStreams(master, 1);
        assertEquals(1, follower.calls(AgentCall.Type.SUBSCRIBE).size());
        assertTrue(follower.opened.isEmpty());
    }

    @Test
    void movesToANewlyElectedMaster() throws Exception {
        MasterLink link = link();
        awaitStreams(master, 1);
        master.stream(0).send(subscribed());
        await().atMost(WAIT).until(link::isSubscribed);

        FakeMaster successor = master();
        detector.elect(Optional.of(successor.leaderInfo()));
        awaitStreams(successor, 1, SOON);
        assertEquals("a-1", successor.calls(AgentCall.Type.SUBSCRIBE).get(0).agentId());

        detector.elect(Optional.empty());
        successor.stream(0).send(subscribed());
        await().atMost(WAIT).until(link::isSubscribed);
        assertEquals(1, successor.opened.size(), "losing sight of the leader does not drop a working stream");
    }

    @Test
    void rejectedCallMakesTheAgentReSubscribe() {
        link();
        awaitStreams(master, 1);
        master.stream(0).send(subscribed());
        master.callStatus = 400;
        master.stream(0).send(AgentEvent.ping());
        awaitCall(master, AgentCall.Type.PONG, 1);
        awaitStreams(master, 2, SOON);
    }

    @Test
    void errorEventEndsTheStreamAndTheAgentComesBack() {
        MasterLink link = link();
        awaitStreams(master, 1);
        master.stream(0).send(subscribed());
        master.stream(0).send(AgentEvent.error("agent removed"));
        awaitStreams(master, 2, SOON);
        assertFalse(link.isSubscribed());
    }

    @Test
    void silentStreamIsGivenUp() {
        link(Duration.ofSeconds(10), Duration.ofMillis(300));
        awaitStreams(master, 1);
        master.stream(0).send(AgentEvent.subscribed(AgentID.newBuilder().setValue("a-1").build(), 0.05));
        awaitStreams(master, 2);
    }

    @Test
    void closeIsSafeTwiceAndStopsTheLink() {
        MasterLink link = link();
        awaitStreams(master, 1);
        link.close();
        link.close();
        assertEquals(0, detector.watchers());
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("plinth-agent-link-test")));
    }
}

package io.plinth.marathon.framework;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final TestLeaderDetector detector = new TestLeaderDetector();
    private final RecordingListener listener = new RecordingListener();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private FakeMaster master(String name) throws IOException {
        FakeMaster master = new FakeMaster(name);
        resources.add(master);
        return master;
    }

    private static SchedulerSettings settings(List<String> roles, Duration minBackoff, Duration maxBackoff) {
        return new SchedulerSettings("marathon", "nobody", roles, 604800, "scheduler.local", "http://scheduler.local:8080",
                Duration.ofSeconds(5), minBackoff, maxBackoff);
    }

    private SchedulerClient client(SchedulerSettings settings, Optional<String> frameworkId) {
        SchedulerClient client = new SchedulerClient(settings, detector, http, listener, frameworkId);
        resources.add(client);
        return client;
    }

    private SchedulerClient started(FakeMaster master) {
        detector.lead(Optional.of(master.info()));
        SchedulerClient client = client(settings(List.of("marathon"), Duration.ofMillis(20), Duration.ofMillis(200)),
                Optional.empty());
        client.start();
        await().atMost(WAIT).until(client::isSubscribed);
        return client;
    }

    private static Call awaitCall(FakeMaster master, Call.Type type) {
        return await().atMost(WAIT).until(() -> master.calls().stream()
                        .filter(received -> received.call().getType() == type).findFirst(), Optional::isPresent)
                .orElseThrow().call();
    }

    private static Offer offer(String id) {
        return Offer.newBuilder().setId(OfferID.newBuilder().setValue(id))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(AgentID.newBuilder().setValue("agent-1"))
                .setHostname("agent-1.local")
                .addResources(Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(2)))
                .build();
    }

    private static TaskStatus status(String task, TaskState state, boolean withUuid) {
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(task)).setState(state)
                .setAgentId(AgentID.newBuilder().setValue("agent-1"));
        if (withUuid) {
            status.setUuid(ByteString.copyFromUtf8("uuid-of-" + task));
        }
        return status.build();
    }

    @Test
    void subscribeCarriesTheSettingsInFrameworkInfo() throws IOException {
        FakeMaster master = master("m1");
        detector.lead(Optional.of(master.info()));
        SchedulerClient client = client(settings(List.of("web", "batch"), Duration.ofMillis(20), Duration.ofMillis(200)),
                Optional.empty());
        client.start();

        await().atMost(WAIT).until(client::isSubscribed);
        FakeMaster.Received subscribe = master.subscribes().get(0);
        assertEquals("application/x-protobuf", subscribe.contentType());
        assertFalse(subscribe.call().hasFrameworkId());
        FrameworkInfo info = subscribe.call().getSubscribe().getFrameworkInfo();
        assertEquals("marathon", info.getName());
        assertEquals("nobody", info.getUser());
        assertEquals(List.of("web", "batch"), info.getRolesList());
        assertFalse(info.hasRole());
        assertEquals(604800, info.getFailoverTimeout());
        assertEquals("scheduler.local", info.getHostname());
        assertEquals("http://scheduler.local:8080", info.getWebuiUrl());
        assertFalse(info.hasId());
        assertEquals(List.of(FrameworkInfo.Capability.Type.PARTITION_AWARE, FrameworkInfo.Capability.Type.TASK_KILLING_STATE,
                        FrameworkInfo.Capability.Type.MULTI_ROLE),
                info.getCapabilitiesList().stream().map(FrameworkInfo.Capability::getType).toList());
        assertEquals(Optional.of("m1-fw-1"), client.frameworkId());
        assertEquals(List.of("subscribed m1-fw-1 60.0"), listener.events());
        assertTrue(listener.threads().stream().allMatch("plinth-marathon-framework"::equals));
    }

    @Test
    void aKnownFrameworkIdAndASingleRoleAreSubscribedWith() throws IOException {
        FakeMaster master = master("m1");
        detector.lead(Optional.of(master.info()));
        SchedulerClient client = client(settings(List.of("marathon"), Duration.ofMillis(20), Duration.ofMillis(200)),
                Optional.of("fw-persisted"));
        client.start();

        await().atMost(WAIT).until(client::isSubscribed);
        Call subscribe = master.subscribes().get(0).call();
        assertEquals("fw-persisted", subscribe.getFrameworkId().getValue());
        FrameworkInfo info = subscribe.getSubscribe().getFrameworkInfo();
        assertEquals("fw-persisted", info.getId().getValue());
        assertEquals("marathon", info.getRole());
        assertEquals(0, info.getRolesCount());
        assertTrue(info.getCapabilitiesList().stream().noneMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE));
        assertEquals(List.of("subscribed fw-persisted 60.0"), listener.events());
    }

    @Test
    void eventsReachTheListenerInStreamOrder() throws IOException {
        FakeMaster master = master("m1");
        started(master);

        master.send(Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addOffers(offer("o1")).addOffers(offer("o2"))).build());
        master.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build());
        master.send(Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status("t1", TaskState.TASK_RUNNING, true))).build());
        master.send(Event.newBuilder().setType(Event.Type.RESCIND)
                .setRescind(Event.Rescind.newBuilder().setOfferId(OfferID.newBuilder().setValue("o2"))).build());
        master.send(Event.newBuilder().setType(Event.Type.FAILURE)
                .setFailure(Event.Failure.newBuilder().setAgentId(AgentID.newBuilder().setValue("agent-9"))).build());
        master.send(Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status("t1", TaskState.TASK_FINISHED, true))).build());

        await().atMost(WAIT).until(() -> listener.events().size() >= 6);
        assertEquals(List.of("subscribed m1-fw-1 60.0", "offers o1,o2", "update t1 TASK_RUNNING", "rescinded o2",
                "failure agent-9", "update t1 TASK_FINISHED"), listener.events());
    }

    @Test
    void atMostEightCallsAreOnTheWireAndTheRestFollow() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);
        master.holdCalls();
        for (int i = 0; i < 30; i++) {
            client.kill("web." + i, "agent-1", Optional.empty());
        }

        await().atMost(WAIT).until(() -> master.callsInHandling() == SchedulerClient.MAX_IN_FLIGHT);
        assertEquals(SchedulerClient.MAX_IN_FLIGHT, master.calls().size(), "the rest wait in the client");
        master.answerCalls();

        await().atMost(WAIT).until(() -> master.calls().size() == 30);
        assertEquals(SchedulerClient.MAX_IN_FLIGHT, master.mostCallsHandledAtOnce());
        Set<String> killed = master.calls().stream().map(r -> r.call().getKill().getTaskId().getValue())
                .collect(Collectors.toSet());
        assertEquals(IntStream.range(0, 30).mapToObj(i -> "web." + i).collect(Collectors.toSet()), killed);
    }

    @Test
    void offerCallsGoBeforeWaitingKillsAndAWaitingKillIsNotRepeated() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);
        master.holdCalls();
        for (int i = 0; i < SchedulerClient.MAX_IN_FLIGHT; i++) {
            client.kill("web." + i, "agent-1", Optional.empty());
        }
        await().atMost(WAIT).until(() -> master.callsInHandling() == SchedulerClient.MAX_IN_FLIGHT);
        String waiting = "web." + SchedulerClient.MAX_IN_FLIGHT;
        String sentinel = "web.x";
        client.kill(waiting, "agent-1", Optional.empty());
        client.kill("web.y", "agent-1", Optional.empty());
        client.kill(waiting, "agent-1", Optional.empty());
        client.revive();

        master.answerCalls(1);
        await().atMost(WAIT).until(() -> master.calls().size() > SchedulerClient.MAX_IN_FLIGHT);
        assertEquals(Call.Type.REVIVE, master.calls().get(SchedulerClient.MAX_IN_FLIGHT).call().getType());
        master.answerCalls();
        await().atMost(WAIT).until(() -> master.calls().size() >= SchedulerClient.MAX_IN_FLIGHT + 3
                && master.callsInHandling() == 0);
        client.kill(sentinel, "agent-1", Optional.empty());
        await().atMost(WAIT).until(() -> master.calls().stream()
                .anyMatch(r -> r.call().getKill().getTaskId().getValue().equals(sentinel)));
        assertEquals(1, master.calls().stream()
                .filter(r -> r.call().getKill().getTaskId().getValue().equals(waiting)).count());
    }

    @Test
    void callsCarryTheStreamIdTheFrameworkIdAndTheirContent() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);
        String streamId = master.currentStreamId();
        TaskInfo task = TaskInfo.newBuilder().setName("web").setTaskId(TaskID.newBuilder().setValue("web.1"))
                .setAgentId(AgentID.newBuilder().setValue("agent-1")).build();
        Offer.Operation reserve = Offer.Operation.newBuilder().setType(Offer.Operation.Type.RESERVE).build();

        client.launch(List.of("o1"), List.of(task), 5);
        client.decline(List.of("o2", "o3"), 120);
        client.kill("web.1", "agent-1", Optional.of(Duration.ofSeconds(3)));
        client.acknowledge(status("web.1", TaskState.TASK_RUNNING, false));
        client.acknowledge(status("web.1", TaskState.TASK_RUNNING, true));
        client.reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("web.1")).build()));
        client.revive();
        client.suppress();

        await().atMost(WAIT).until(() -> master.calls().size() >= 7);
        for (FakeMaster.Received received : master.calls()) {
            assertEquals(streamId, received.streamId(), received.call().getType() + " stream id");
            assertEquals("m1-fw-1", received.call().getFrameworkId().getValue(), received.call().getType() + " framework id");
            assertEquals("application/x-protobuf", received.contentType());
        }

        Call.Accept accept = awaitCall(master, Call.Type.ACCEPT).getAccept();
        assertEquals(List.of("o1"), accept.getOfferIdsList().stream().map(OfferID::getValue).toList());
        assertEquals(5, accept.getFilters().getRefuseSeconds());
        assertEquals(1, accept.getOperationsCount());
        assertEquals(Offer.Operation.Type.LAUNCH, accept.getOperations(0).getType());
        assertEquals(List.of(task), accept.getOperations(0).getLaunch().getTaskInfosList());

        Call.Decline decline = awaitCall(master, Call.Type.DECLINE).getDecline();
        assertEquals(List.of("o2", "o3"), decline.getOfferIdsList().stream().map(OfferID::getValue).toList());
        assertEquals(120, decline.getFilters().getRefuseSeconds());

        Call.Kill kill = awaitCall(master, Call.Type.KILL).getKill();
        assertEquals("web.1", kill.getTaskId().getValue());
        assertEquals("agent-1", kill.getAgentId().getValue());
        assertEquals(3_000_000_000L, kill.getKillPolicy().getGracePeriod().getNanoseconds());

        Call.Acknowledge ack = awaitCall(master, Call.Type.ACKNOWLEDGE).getAcknowledge();
        assertEquals("agent-1", ack.getAgentId().getValue());
        assertEquals("web.1", ack.getTaskId().getValue());
        assertEquals("uuid-of-web.1", ack.getUuid().toStringUtf8());

        assertEquals(List.of("web.1"), awaitCall(master, Call.Type.RECONCILE).getReconcile().getTasksList().stream()
                .map(t -> t.getTaskId().getValue()).toList());
        awaitCall(master, Call.Type.REVIVE);
        awaitCall(master, Call.Type.SUPPRESS);
        // the update without a uuid was not acknowledged
        assertEquals(7, master.calls().size());

        client.accept(List.of("o4"), List.of(reserve), 1);
        client.kill("web.2", null, Optional.empty());
        client.reconcile(List.of());
        await().atMost(WAIT).until(() -> master.calls().size() == 10);
        Call.Accept accepted = master.calls().stream().map(FakeMaster.Received::call)
                .filter(call -> call.getType() == Call.Type.ACCEPT && call.getAccept().getOfferIds(0).getValue().equals("o4"))
                .findFirst().orElseThrow().getAccept();
        assertEquals(List.of(reserve), accepted.getOperationsList());
        Call.Kill plainKill = master.calls().stream().map(FakeMaster.Received::call)
                .filter(call -> call.getType() == Call.Type.KILL && call.getKill().getTaskId().getValue().equals("web.2"))
                .findFirst().orElseThrow().getKill();
        assertFalse(plainKill.hasAgentId());
        assertFalse(plainKill.hasKillPolicy());
        assertTrue(master.calls().stream().map(FakeMaster.Received::call)
                .anyMatch(call -> call.getType() == Call.Type.RECONCILE && call.hasReconcile()
                        && call.getReconcile().getTasksCount() == 0));
    }

    @Test
    void callsWhileNotSubscribedAreDropped() throws IOException {
        FakeMaster master = master("m1");
        detector.lead(Optional.of(master.info()));
        SchedulerClient client = client(settings(List.of(), Duration.ofMillis(20), Duration.ofMillis(200)), Optional.empty());
        client.revive();
        client.decline(List.of("o1"), 5);
        assertFalse(client.isSubscribed());
        assertEquals(Optional.empty(), client.frameworkId());

        client.start();
        await().atMost(WAIT).until(client::isSubscribed);
        client.suppress();
        awaitCall(master, Call.Type.SUPPRESS);
        assertEquals(List.of(Call.Type.SUPPRESS), master.calls().stream().map(r -> r.call().getType()).toList());
        assertFalse(master.subscribes().get(0).call().getSubscribe().getFrameworkInfo().hasRole());
    }

    @Test
    void aRedirectFromANonLeadingMasterIsFollowed() throws IOException {
        FakeMaster leading = master("leading");
        FakeMaster standby = master("standby");
        standby.redirectTo(leading);
        detector.lead(Optional.of(standby.info()));
        SchedulerClient client = client(settings(List.of("marathon"), Duration.ofMillis(20), Duration.ofMillis(200)),
                Optional.empty());
        client.start();

        await().atMost(WAIT).until(client::isSubscribed);
        assertEquals(1, standby.redirected());
        assertEquals(1, leading.subscribes().size());
        client.revive();
        awaitCall(leading, Call.Type.REVIVE);
        assertEquals(List.of(), standby.calls());
        assertEquals(1, standby.redirected());
    }

    @Test
    void aBrokenStreamIsResubscribedWithTheLearnedFrameworkId() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);

        master.endStream();

        await().atMost(WAIT).until(() -> master.subscribes().size() == 2 && client.isSubscribed());
        Call again = master.subscribes().get(1).call();
        assertEquals("m1-fw-1", again.getFrameworkId().getValue());
        assertEquals("m1-fw-1", again.getSubscribe().getFrameworkInfo().getId().getValue());
        await().atMost(WAIT).until(() -> listener.events().size() == 3);
        assertEquals(List.of("subscribed m1-fw-1 60.0", "disconnected", "subscribed m1-fw-1 60.0"), listener.events());
        client.revive();
        awaitCall(master, Call.Type.REVIVE);
        assertEquals(master.currentStreamId(), master.calls().get(0).streamId());
        assertEquals("m1-fw-1", master.calls().get(0).call().getFrameworkId().getValue());
    }

    @Test
    void aLeaderChangeResubscribesToTheNewMasterAtOnce() throws IOException {
        FakeMaster first = master("first");
        FakeMaster second = master("second");
        detector.lead(Optional.of(first.info()));
        // a backoff far beyond the wait: only the leader change can explain a quick re-subscription
        SchedulerClient client = client(settings(List.of("marathon"), Duration.ofSeconds(60), Duration.ofSeconds(60)),
                Optional.empty());
        client.start();
        await().atMost(WAIT).until(client::isSubscribed);

        detector.lead(Optional.empty());
        detector.lead(Optional.of(first.info()));
        assertTrue(client.isSubscribed(), "a leader gap or the same leader keeps the stream");

        detector.lead(Optional.of(second.info()));

        await().atMost(WAIT).until(() -> second.subscribes().size() == 1 && client.isSubscribed());
        assertEquals("first-fw-1", second.subscribes().get(0).call().getFrameworkId().getValue());
        assertEquals(1, first.subscribes().size());
        await().atMost(WAIT).until(() -> listener.events().size() == 3);
        assertEquals(List.of("subscribed first-fw-1 60.0", "disconnected", "subscribed first-fw-1 60.0"), listener.events());
        client.revive();
        FakeMaster.Received revive = await().atMost(WAIT).until(() -> second.calls().stream().findFirst(), Optional::isPresent)
                .orElseThrow();
        assertEquals(second.currentStreamId(), revive.streamId());
        assertEquals(List.of(), first.calls());
    }

    @Test
    void aStreamSilentForFiveHeartbeatsIsResubscribed() throws IOException {
        FakeMaster master = master("m1");
        master.heartbeatSeconds(0.1);
        SchedulerClient client = started(master);

        await().atMost(WAIT).until(() -> master.subscribes().size() >= 2);
        assertTrue(listener.events().contains("disconnected"));
        assertEquals("m1-fw-1", master.subscribes().get(1).call().getFrameworkId().getValue());
        assertEquals(Optional.of("m1-fw-1"), client.frameworkId());
    }

    @Test
    void heartbeatsKeepAQuietStreamAlive() throws IOException {
        FakeMaster master = master("m1");
        master.heartbeatSeconds(0.05);
        started(master);
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        // 40 heartbeats at a tenth of the allowed silence: 16 intervals, far past the 5 that kill a silent stream
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(new Callable<Boolean>() {
            private int sent;

            @Override
            public Boolean call() {
                master.send(heartbeat);
                return ++sent >= 40;
            }
        });
        assertEquals(1, master.subscribes().size());
        assertEquals(List.of("subscribed m1-fw-1 0.05"), listener.events());
    }

    @Test
    void aRemovedFrameworkIsForgottenAndSubscribedAnew() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);

        master.removeFramework("Framework failover timeout");

        await().atMost(WAIT).until(() -> client.frameworkId().equals(Optional.of("m1-fw-2")) && client.isSubscribed());
        List<Call> subscribes = master.subscribes().stream().map(FakeMaster.Received::call).toList();
        assertEquals(3, subscribes.size());
        assertEquals("m1-fw-1", subscribes.get(1).getFrameworkId().getValue());
        assertFalse(subscribes.get(2).hasFrameworkId());
        assertFalse(subscribes.get(2).getSubscribe().getFrameworkInfo().hasId());
        await().atMost(WAIT).until(() -> listener.events().size() == 5);
        assertEquals(List.of("subscribed m1-fw-1 60.0", "error Framework failover timeout", "disconnected", "removed m1-fw-1",
                "subscribed m1-fw-2 60.0"), listener.events());
    }

    @Test
    void anErrorIsReportedAndFollowedByAResubscription() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);

        master.send(Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build());

        await().atMost(WAIT).until(() -> master.subscribes().size() == 2 && client.isSubscribed());
        await().atMost(WAIT).until(() -> listener.events().size() == 4);
        assertEquals(List.of("subscribed m1-fw-1 60.0", "error Framework failed over", "disconnected",
                "subscribed m1-fw-1 60.0"), listener.events());
    }

    @Test
    void teardownEndsTheFrameworkForGood() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);

        client.teardown();

        awaitCall(master, Call.Type.TEARDOWN);
        await().atMost(WAIT).until(() -> listener.events().contains("disconnected"));
        // the backoff is 20..200 ms: a client that went on would have subscribed again well within this
        await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> master.subscribes().size() == 1);
        assertFalse(client.isSubscribed());
        client.revive();
        assertEquals(List.of(Call.Type.TEARDOWN), master.calls().stream().map(r -> r.call().getType()).toList());
    }

    @Test
    void closeIsPromptAndIdempotent() throws IOException {
        FakeMaster master = master("m1");
        SchedulerClient client = started(master);

        long start = System.nanoTime();
        client.close();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        client.close();

        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "close took " + took);
        assertFalse(client.isSubscribed());
        assertEquals(0, detector.watchers());
        assertTrue(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .noneMatch(Predicate.isEqual("plinth-marathon-framework")));
        await().atMost(WAIT).until(() -> listener.events().contains("disconnected"));
        assertThrows(IllegalStateException.class, client::start);
    }

    @Test
    void closeBeforeStartAndWithoutALeaderIsPrompt() {
        SchedulerClient unstarted = client(settings(List.of(), Duration.ofMillis(20), Duration.ofMillis(200)), Optional.empty());
        unstarted.close();
        unstarted.close();

        SchedulerClient waiting = client(settings(List.of(), Duration.ofSeconds(60), Duration.ofSeconds(60)), Optional.empty());
        waiting.start();
        assertThrows(IllegalStateException.class, waiting::start);
        long start = System.nanoTime();
        waiting.close();
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(2)) < 0);
        assertFalse(waiting.isSubscribed());
    }

    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> new SchedulerSettings("", "u", List.of(), 1, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new SchedulerSettings("marathon", "u", List.of(), -1, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new SchedulerSettings("marathon", "u", List.of(), 1, null, null,
                Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new SchedulerSettings("marathon", "u", List.of(), 1, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertNotEquals(null, new SchedulerSettings("marathon", "u", List.of(), 0, null, null,
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)));
    }
}

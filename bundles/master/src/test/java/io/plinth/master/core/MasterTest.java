package io.plinth.master.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.master.core.Harness.Agent;
import io.plinth.master.core.Harness.Scheduler;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.resources.Resources;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class MasterTest {

    private final Harness harness = new Harness();
    private final Master master = harness.newMaster();

    private Agent registerAgent(String resources) {
        Agent agent = new Agent();
        CallResult result = master.agentSubscribe(Harness.agentSubscribe(Harness.agentInfo(resources), List.of(), List.of()), agent);
        assertEquals(200, result.status());
        return agent;
    }

    private Scheduler subscribe(boolean partitionAware) {
        Scheduler scheduler = new Scheduler();
        assertEquals(200, master.subscribe(Harness.subscribeCall(Harness.framework("test", partitionAware)), scheduler).status());
        return scheduler;
    }

    private static Call call(Scheduler scheduler, Call.Type type) {
        return Call.newBuilder().setType(type).setFrameworkId(FrameworkID.newBuilder().setValue(scheduler.frameworkId())).build();
    }

    private static TaskInfo task(String id, Offer offer, String resources) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id)).setAgentId(offer.getAgentId())
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000"))
                .addAllResources(Resources.parse(resources).toProto(null, false)).build();
    }

    private CallResult accept(Scheduler scheduler, Offer offer, TaskInfo... tasks) {
        return master.handle(call(scheduler, Call.Type.ACCEPT).toBuilder().setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))))
                .setFilters(Filters.newBuilder().setRefuseSeconds(0))).build(), scheduler.streamId);
    }

    private Offer onlyOffer(Scheduler scheduler) {
        List<Event> offers = scheduler.ofType(Event.Type.OFFERS);
        assertFalse(offers.isEmpty(), "an OFFERS event");
        return offers.get(offers.size() - 1).getOffers().getOffers(0);
    }

    private void running(Agent agent, Scheduler scheduler, TaskInfo task) {
        TaskStatus status = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(TaskState.TASK_RUNNING)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setUuid(Master.newUuid()).build();
        assertTrue(master.agentCall(AgentCall.update(agent.agentId(),
                FrameworkID.newBuilder().setValue(scheduler.frameworkId()).build(), status), agent.streamId).accepted());
    }

    @Test
    void offersLaunchesUpdatesAndAcknowledgements() {
        Agent agent = registerAgent("cpus:4;mem:4096;disk:1000;ports:[31000-31009]");
        Scheduler scheduler = subscribe(false);
        master.allocate();
        Offer offer = onlyOffer(scheduler);
        assertEquals(Resources.parse("cpus:4;mem:4096;disk:1000;ports:[31000-31009]"), Resources.fromProto(offer.getResourcesList()));

        TaskInfo task = task("t1", offer, "cpus:1;mem:128");
        assertTrue(accept(scheduler, offer, task).accepted());
        AgentEvent launch = agent.ofType(AgentEvent.Type.LAUNCH).get(0);
        assertEquals("t1", launch.launch().tasks().get(0).getTaskId().getValue());
        assertEquals(1, master.state().getGetTasks().getTasksCount());
        assertEquals(TaskState.TASK_STAGING, master.state().getGetTasks().getTasks(0).getState());

        running(agent, scheduler, task);
        Event update = scheduler.ofType(Event.Type.UPDATE).get(0);
        assertEquals(TaskState.TASK_RUNNING, update.getUpdate().getStatus().getState());
        assertEquals(TaskState.TASK_RUNNING, master.state().getGetTasks().getTasks(0).getState());

        assertTrue(master.handle(call(scheduler, Call.Type.ACKNOWLEDGE).toBuilder().setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(offer.getAgentId()).setTaskId(task.getTaskId()).setUuid(update.getUpdate().getStatus().getUuid()))
                .build(), scheduler.streamId).accepted());
        assertEquals(1, agent.ofType(AgentEvent.Type.ACKNOWLEDGE).size());

        // the rest of the agent comes back in the next offer; the task's share does not
        master.allocate();
        assertEquals(3.0, Resources.fromProto(onlyOffer(scheduler).getResourcesList()).scalar("cpus"), 1e-9);
    }

    @Test
    void killGoesToTheAgentAndKilledFreesResources() {
        Agent agent = registerAgent("cpus:2;mem:1024");
        Scheduler scheduler = subscribe(false);
        master.allocate();
        Offer offer = onlyOffer(scheduler);
        TaskInfo task = task("t1", offer, "cpus:2;mem:1024");
        accept(scheduler, offer, task);
        running(agent, scheduler, task);
        master.handle(call(scheduler, Call.Type.KILL).toBuilder().setKill(Call.Kill.newBuilder().setTaskId(task.getTaskId()))
                .build(), scheduler.streamId);
        assertEquals("t1", agent.ofType(AgentEvent.Type.KILL).get(0).kill().taskId().getValue());
        int offersBefore = scheduler.ofType(Event.Type.OFFERS).size();
        master.allocate();
        assertEquals(offersBefore, scheduler.ofType(Event.Type.OFFERS).size(), "nothing free while the task runs");

        TaskStatus killed = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(TaskState.TASK_KILLED)
                .setUuid(Master.newUuid()).build();
        master.agentCall(AgentCall.update(agent.agentId(), FrameworkID.newBuilder().setValue(scheduler.frameworkId()).build(),
                killed), agent.streamId);
        master.allocate();
        assertEquals(offersBefore + 1, scheduler.ofType(Event.Type.OFFERS).size());
    }

    @Test
    void invalidOffersAndExcessResourcesChangeNothing() {
        registerAgent("cpus:2;mem:1024");
        Scheduler scheduler = subscribe(true);
        master.allocate();
        Offer offer = onlyOffer(scheduler);

        Offer bogus = offer.toBuilder().setId(OfferID.newBuilder().setValue("no-such-offer")).build();
        accept(scheduler, bogus, task("t1", offer, "cpus:1;mem:128"));
        Event dropped = scheduler.ofType(Event.Type.UPDATE).get(0);
        assertEquals(TaskState.TASK_DROPPED, dropped.getUpdate().getStatus().getState());
        assertEquals(TaskStatus.Reason.REASON_INVALID_OFFERS, dropped.getUpdate().getStatus().getReason());
        assertEquals(0, master.state().getGetTasks().getTasksCount());
        assertEquals(1, master.outstandingOffers().size(), "the real offer is untouched");

        accept(scheduler, offer, task("t2", offer, "cpus:3;mem:128"));
        Event error = scheduler.ofType(Event.Type.UPDATE).get(1);
        assertEquals(TaskState.TASK_ERROR, error.getUpdate().getStatus().getState());
        assertEquals(TaskStatus.Reason.REASON_TASK_INVALID, error.getUpdate().getStatus().getReason());
        assertEquals(0, master.state().getGetTasks().getTasksCount());
        master.allocate();
        Offer again = onlyOffer(scheduler);
        assertEquals(2.0, Resources.fromProto(again.getResourcesList()).scalar("cpus"), 1e-9,
                "the offer's resources came back whole");

        TaskInfo plain = task("t3", again, "cpus:1;mem:128");
        TaskInfo revocable = plain.toBuilder().setResources(0, plain.getResources(0).toBuilder()
                .setRevocable(Resource.RevocableInfo.getDefaultInstance())).build();
        accept(scheduler, again, revocable);
        TaskStatus invalid = scheduler.ofType(Event.Type.UPDATE).get(2).getUpdate().getStatus();
        assertEquals(TaskState.TASK_ERROR, invalid.getState());
        assertTrue(invalid.getMessage().startsWith("Task uses invalid resources: bad resource 'cpus'"), invalid.getMessage());
        assertEquals(0, master.state().getGetTasks().getTasksCount());
    }

    @Test
    void callsAreCheckedLikeMesos() {
        Scheduler scheduler = subscribe(false);
        Call decline = call(scheduler, Call.Type.DECLINE).toBuilder().setDecline(Call.Decline.newBuilder()).build();
        assertEquals(400, master.handle(decline, null).status());
        assertEquals(400, master.handle(decline, "not-the-stream").status());
        assertEquals(403, master.handle(decline.toBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("nope")).build(),
                scheduler.streamId).status());
        assertEquals(202, master.handle(decline, scheduler.streamId).status());
    }

    @Test
    void newLeaderRecoversRegistryAndTasksFromReregisteringAgents() {
        Agent agent = registerAgent("cpus:2;mem:1024");
        Scheduler scheduler = subscribe(false);
        master.allocate();
        Offer offer = onlyOffer(scheduler);
        TaskInfo task = task("t1", offer, "cpus:1;mem:128");
        accept(scheduler, offer, task);
        running(agent, scheduler, task);
        String frameworkId = scheduler.frameworkId();
        master.close();

        Master next = harness.newMaster();
        next.recover();
        assertEquals(1, next.state().getGetAgents().getRecoveredAgentsCount());
        TaskStatus latest = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(TaskState.TASK_RUNNING).build();
        Agent again = new Agent();
        assertEquals(200, next.agentSubscribe(Harness.agentSubscribe(
                Harness.agentInfo("cpus:2;mem:1024").toBuilder().setId(AgentID.newBuilder().setValue(agent.agentId())).build(),
                List.of(new AgentCall.KnownTask(FrameworkID.newBuilder().setValue(frameworkId).build(),
                        task.toBuilder().setAgentId(AgentID.newBuilder().setValue(agent.agentId())).build(), latest, List.of())),
                List.of()), again).status());
        assertEquals(agent.agentId(), again.agentId());

        Scheduler resubscribed = new Scheduler();
        assertEquals(200, next.subscribe(Harness.subscribeCall(Harness.framework("test", false).toBuilder()
                .setId(FrameworkID.newBuilder().setValue(frameworkId)).build()), resubscribed).status());
        next.handle(Call.newBuilder().setType(Call.Type.RECONCILE).setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
                .setReconcile(Call.Reconcile.newBuilder()).build(), resubscribed.streamId);
        List<Event> updates = resubscribed.ofType(Event.Type.UPDATE);
        assertEquals(1, updates.size());
        assertEquals(TaskState.TASK_RUNNING, updates.get(0).getUpdate().getStatus().getState());
        assertEquals(TaskStatus.Reason.REASON_RECONCILIATION, updates.get(0).getUpdate().getStatus().getReason());

        // the agent's resources in use stay in use: only the free cpu is offered
        next.allocate();
        assertEquals(1.0, Resources.fromProto(onlyOffer(resubscribed).getResourcesList()).scalar("cpus"), 1e-9);
    }

    @Test
    void agentsThatMissPingsBecomeUnreachable() {
        Agent agent = registerAgent("cpus:2;mem:1024");
        Scheduler scheduler = subscribe(true);
        master.allocate();
        Offer offer = onlyOffer(scheduler);
        TaskInfo task = task("t1", offer, "cpus:1;mem:128");
        accept(scheduler, offer, task);
        running(agent, scheduler, task);
        for (int i = 0; i < 3; i++) {
            master.pingAgents();
        }
        assertEquals(3, agent.ofType(AgentEvent.Type.PING).size());
        master.pingAgents();
        assertTrue(agent.closed);
        Event unreachable = scheduler.ofType(Event.Type.UPDATE).get(scheduler.ofType(Event.Type.UPDATE).size() - 1);
        assertEquals(TaskState.TASK_UNREACHABLE, unreachable.getUpdate().getStatus().getState());
        assertEquals(1, scheduler.ofType(Event.Type.FAILURE).size());
        assertEquals(1, master.state().getGetTasks().getUnreachableTasksCount());
    }

    @Test
    void pongsKeepAnAgentReachable() {
        Agent agent = registerAgent("cpus:2;mem:1024");
        for (int i = 0; i < 10; i++) {
            master.pingAgents();
            master.agentCall(AgentCall.pong(agent.agentId()), agent.streamId);
        }
        assertFalse(agent.closed);
        assertEquals(1, master.state().getGetAgents().getAgentsCount());
    }

    @Test
    void aFrameworkGoneLongerThanItsFailoverTimeoutIsTornDown() {
        Agent agent = registerAgent("cpus:2;mem:1024");
        Scheduler scheduler = subscribe(false);
        master.allocate();
        Offer offer = onlyOffer(scheduler);
        accept(scheduler, offer, task("t1", offer, "cpus:1;mem:128"));
        master.frameworkDisconnected(scheduler.frameworkId(), scheduler.streamId);
        harness.clock.advance(Duration.ofSeconds(59));
        master.checkDeadlines();
        assertTrue(agent.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK).isEmpty());
        harness.clock.advance(Duration.ofSeconds(2));
        master.checkDeadlines();
        assertEquals(1, agent.ofType(AgentEvent.Type.SHUTDOWN_FRAMEWORK).size());
        assertEquals(0, master.state().getGetFrameworks().getFrameworksCount());
        assertTrue(harness.registry.frameworks.isEmpty());
    }

    @Test
    void offersAreRescindedAfterTheOfferTimeout() {
        registerAgent("cpus:2;mem:1024");
        Scheduler scheduler = subscribe(false);
        master.allocate();
        onlyOffer(scheduler);
        harness.clock.advance(Duration.ofSeconds(31));
        master.checkDeadlines();
        assertEquals(1, scheduler.ofType(Event.Type.RESCIND).size());
        assertTrue(master.outstandingOffers().isEmpty());
    }
}

package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.TaskCounts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** An app from creation to a finished deployment, and tasks the scheduler does not know. */
class SchedulerCoreLaunchTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void createdAppIsLaunchedOnOffersAndItsDeploymentFinishesWhenAllRun() {
        h.core.subscribed("fw-1");
        h.core.createApp(h.app("/web", 3), false);
        h.tick();

        List<Protos.TaskInfo> tasks = h.offers(1);

        assertEquals(3, tasks.size());
        assertEquals(1, h.effects.launches.size(), "all three on the one offer");
        for (Protos.TaskInfo task : tasks) {
            Map<String, String> env = CoreHarness.env(task);
            assertEquals("/web", env.get("MARATHON_APP_ID"));
            assertEquals("10.0.0.1", env.get("HOST"));
            assertTrue(env.get("PORT0").matches("31\\d\\d\\d"), env.toString());
            assertEquals(env.get("PORT0"), env.get("PORT_HTTP"));
            assertEquals("agent-1", task.getAgentId().getValue());
        }
        assertEquals(3, tasks.stream().map(t -> CoreHarness.env(t).get("PORT0")).distinct().count(), "distinct host ports");
        assertEquals(new TaskCounts(3, 0, 0, 0), h.core.counts("/web"));
        assertEquals(1, h.core.deployments().size(), "still waiting for the tasks to run");
        assertEquals(3, h.store.instances().size(), "instances are stored before their launch");

        h.running(h.taskIds("/web"));

        assertEquals(new TaskCounts(0, 3, 0, 0), h.core.counts("/web"));
        assertTrue(h.core.deployments().isEmpty());
        assertTrue(h.store.deployments().isEmpty());
        assertEquals(1, h.events("deployment_success").size());
        assertTrue(h.core.queue().isEmpty());
        assertEquals(3, h.effects.acks.size(), "every status acknowledged");
        h.offers(1);
        assertEquals(1, h.effects.launches.size(), "nothing more to launch");
        assertEquals(120.0, h.effects.declines.get(h.effects.declines.size() - 1).refuseSeconds());
    }

    @Test
    void statusUpdatesOfLaunchedTasksBecomeEvents() {
        List<String> ids = h.createRunning(h.app("/web", 1));

        List<String> updates = h.events("status_update_event").stream()
                .map(e -> h.eventJson(e).get("taskStatus").asText()).toList();
        assertEquals(List.of("TASK_STAGING", "TASK_RUNNING"), updates);
        assertEquals(ids.get(0), h.eventJson(h.events("status_update_event").get(1)).get("taskId").asText());
    }

    @Test
    void aRunningUpdateOfAnUnknownTaskKillsIt() {
        h.core.update(h.status("ghost.1", TaskState.TASK_RUNNING).toBuilder()
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-9")).build());
        h.flush();

        assertEquals(List.of(new RecordingEffects.Killed("ghost.1", "agent-9", Optional.empty())), h.effects.kills);
        assertEquals(1, h.effects.acks.size());
        assertTrue(h.core.tasks().isEmpty());
    }

    @Test
    void aTerminalUpdateOfAnUnknownTaskIsOnlyAcknowledged() {
        h.core.update(h.status("ghost.1", TaskState.TASK_KILLED));
        h.flush();

        assertTrue(h.effects.kills.isEmpty());
        assertEquals(1, h.effects.acks.size());
    }

    @Test
    void offersAreDeclinedWhileNothingWaits() {
        h.offers(2);

        assertTrue(h.effects.launches.isEmpty());
        assertEquals(2, h.effects.declines.get(0).offerIds().size());
    }

    /**
     * A step that starts while converging (here ScaleApplication to 3 right after StartApplication)
     * acts at once: offers arriving before the next tick launch, they are not declined for 120 s.
     */
    @Test
    void offersRightAfterCreateLaunchWithoutWaitingForATick() {
        h.core.subscribed("fw-1");
        h.core.createApp(h.app("/web", 3), false);
        h.flush();

        assertEquals(1, h.core.queue().size(), "the app waits for 3 launches");
        assertEquals(3, h.offers(1).size());
    }

    /** A burst of new apps shares revives: at most one a second, each asking every agent again. */
    @Test
    void revivesAreRateLimitedAndCoverLaunchesThatBeganToWaitAfterTheLastOffers() {
        h.core.createApp(h.app("/a", 1), false);
        assertEquals(1, h.effects.revives, "the first launch waits: revive at once");
        h.core.createApp(h.app("/b", 1), false);
        assertEquals(1, h.effects.revives, "a second app within the second shares it");

        assertEquals(2, h.offersLaunch(1).size(), "the offers serve both");
        h.core.createApp(h.app("/c", 1), false);
        h.tick();
        assertEquals(1, h.effects.revives, "still within the second");

        h.clock.advanceSeconds(1);
        h.tick();
        assertEquals(2, h.effects.revives, "/c began to wait after the last offers: their agents were declined");
        assertEquals(1, h.offersLaunch(2).size());
        h.clock.advanceSeconds(5);
        h.tick();
        assertEquals(2, h.effects.revives, "nothing waits: no revive");
    }

    /** A launch the master never heard of (its ACCEPT lost) is asked after, reported lost, and replaced. */
    @Test
    void aLaunchWithNoStatusIsReconciledAndReplacedWhenTheMasterDoesNotKnowIt() {
        h.core.createApp(h.app("/a", 2), false);
        List<String> launched = h.offersLaunch(2);
        assertEquals(2, launched.size());
        h.running(List.of(launched.get(0)));

        h.clock.advance(SchedulerCore.LAUNCH_CONFIRM_TIMEOUT.minusSeconds(1));
        h.tick();
        assertTrue(h.effects.reconciles.isEmpty(), "not yet");
        h.clock.advanceSeconds(1);
        h.tick();
        assertEquals(List.of(List.of(launched.get(1))), h.effects.reconciles.stream()
                .map(r -> r.stream().map(t -> t.getTaskId().getValue()).toList()).toList(),
                "only the launch with no status");

        h.updates(TaskState.TASK_LOST, List.of(launched.get(1)));
        h.tick();
        h.clock.advanceSeconds(5);
        h.tick();
        assertEquals(1, h.offersLaunch(1).size(), "the lost launch is replaced");
        h.clock.advance(SchedulerCore.LAUNCH_CONFIRM_TIMEOUT);
        h.tick();
        assertEquals(2, h.effects.reconciles.size(), "the replacement, silent too, is asked after in turn");
    }

    /** Silent launches are asked after in the order of their launches, and again as long after each ask. */
    @Test
    void silentLaunchesAreAskedAfterInTurnAndAgain() {
        h.core.createApp(h.app("/a", 2), false);
        List<String> first = h.offersLaunch(2);
        h.clock.advanceSeconds(10);
        h.core.createApp(h.app("/b", 1), false);
        h.tick();
        List<String> later = h.offersLaunch(1);
        assertEquals(1, later.size());

        h.clock.advance(SchedulerCore.LAUNCH_CONFIRM_TIMEOUT.minusSeconds(10));
        h.tick();
        h.clock.advanceSeconds(10);
        h.tick();
        h.clock.advance(SchedulerCore.LAUNCH_CONFIRM_TIMEOUT.minusSeconds(10));
        h.tick();
        assertEquals(List.of(Set.copyOf(first), Set.copyOf(later), Set.copyOf(first)), h.effects.reconciles.stream()
                .map(r -> r.stream().map(t -> t.getTaskId().getValue()).collect(Collectors.toSet())).toList(),
                "the first two at 30 s, the later one at 40 s, the first two again at 60 s");
    }
}

package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.model.Groups;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/** A new leader on the same store. */
class SchedulerCoreRecoveryTest {

    private final CoreHarness h = new CoreHarness();

    private static Set<String> ids(List<Call.Reconcile.Task> tasks) {
        Set<String> ids = new HashSet<>();
        tasks.forEach(t -> ids.add(t.getTaskId().getValue()));
        return ids;
    }

    @Test
    void aNewLeaderRecoversAppsAndInstancesReconcilesAndKillsNothing() {
        h.core.subscribed("fw-1");
        List<String> ids = h.createRunning(h.app("/web", 3));

        CoreHarness next = h.newLeader();

        assertEquals(3, Groups.app(next.core.root(), "/web").orElseThrow().instances());
        assertEquals(new HashSet<>(ids), new HashSet<>(next.taskIds("/web")));
        assertEquals("fw-1", next.core.frameworkId().orElseThrow());
        next.core.subscribed("fw-1");
        List<List<Call.Reconcile.Task>> reconciles = next.effects.reconciles;
        assertEquals(new HashSet<>(ids), ids(reconciles.get(0)), "explicit reconciliation of the known tasks");
        assertTrue(reconciles.get(0).stream().allMatch(t -> t.getAgentId().getValue().equals("agent-1")));
        assertTrue(reconciles.get(reconciles.size() - 1).isEmpty(), "then implicit");

        next.running(ids);
        next.tick();
        next.offers(1);

        assertTrue(next.effects.kills.isEmpty());
        assertTrue(next.effects.launches.isEmpty());
        assertEquals(3, next.core.counts("/web").tasksRunning());
        assertTrue(next.core.deployments().isEmpty());
    }

    @Test
    void unconfirmedInstancesAreReconciledAgainLater() {
        h.core.subscribed("fw-1");
        List<String> ids = h.createRunning(h.app("/web", 2));
        CoreHarness next = h.newLeader();
        next.core.subscribed("fw-1");
        int before = next.effects.reconciles.size();

        next.clock.advance(Duration.ofSeconds(16));
        next.tick();

        assertEquals(before + 2, next.effects.reconciles.size());
        assertEquals(new HashSet<>(ids), ids(next.effects.reconciles.get(before)));
        assertTrue(next.effects.kills.isEmpty());
    }

    @Test
    void aRecoveredInstanceTheMasterDoesNotKnowIsReplaced() {
        h.core.subscribed("fw-1");
        List<String> ids = h.createRunning(h.app("/web", 2));
        CoreHarness next = h.newLeader();
        next.core.subscribed("fw-1");

        next.running(ids.subList(0, 1));
        next.updates(TaskState.TASK_UNKNOWN, ids.subList(1, 2));

        assertEquals(List.of(ids.get(0)), next.taskIds("/web"));
        assertEquals(1, next.offersLaunch(1).size());
        assertFalse(next.store.instances().stream().anyMatch(r -> r.taskId().equals(ids.get(1))));
    }

    @Test
    void aDeploymentInProgressIsResumedByTheNewLeader() {
        h.core.subscribed("fw-1");
        h.createRunning(h.app("/web", 1));
        h.core.scaleApp("/web", 3, false);

        CoreHarness next = h.newLeader();
        next.core.subscribed("fw-1");
        assertEquals(1, next.core.deployments().size());
        next.tick();
        assertEquals(2, next.offersLaunch(1).size());
        next.running(next.taskIds("/web"));

        assertEquals(3, next.core.counts("/web").tasksRunning());
        assertTrue(next.core.deployments().isEmpty());
        assertTrue(next.store.deployments().isEmpty());
    }

    /**
     * A leader dies right after a delete: the app is gone from the tree, but its tasks and the
     * StopApplication step are not. The next leader kills them and ends the deployment.
     */
    @Test
    void aNewLeaderFinishesTheDeletionOfAnApp() {
        h.core.subscribed("fw-1");
        List<String> ids = h.createRunning(h.app("/web", 2));
        h.core.deleteApp("/web", false); // the kills are sent, then the leader dies

        CoreHarness next = h.newLeader();
        next.core.subscribed("fw-1");
        next.running(ids);
        next.tick();

        assertEquals(new HashSet<>(ids), new HashSet<>(next.effects.killedTaskIds()));
        next.killed(ids);
        assertTrue(next.core.deployments().isEmpty());
    }
}

package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.health.HealthReport;
import io.plinth.marathon.model.Groups;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import io.plinth.rest.api.ApiException;
import org.junit.jupiter.api.Test;

/** Rolling restarts of a changed app, and rollbacks of a running deployment. */
class SchedulerCoreRestartTest {

    private final CoreHarness h = new CoreHarness();
    /** Kills already answered with TASK_KILLED. */
    private final Set<String> ended = new HashSet<>();

    private AppDefinition app(String id) {
        return Groups.app(h.core.root(), id).orElseThrow();
    }

    private void healthy(List<String> ids) {
        ids.forEach(id -> h.core.health(new HealthReport(id, 0, true, null, h.clock.instant())));
        h.flush();
    }

    /** Answers every kill not answered yet with TASK_KILLED. */
    private List<String> endKills() {
        List<String> toEnd = new ArrayList<>(h.effects.killedTaskIds());
        toEnd.removeAll(ended);
        ended.addAll(toEnd);
        return toEnd;
    }

    /** Tasks running, passing their checks and not asked to die. */
    private List<MarathonTask> serving(String appId) {
        List<String> killed = h.effects.killedTaskIds();
        return h.core.tasks(appId).stream()
                .filter(t -> t.state().equals("TASK_RUNNING") && !killed.contains(t.id()))
                .filter(t -> !t.healthCheckResults().isEmpty() && t.healthCheckResults().stream().allMatch(r -> r.alive()))
                .toList();
    }

    private void assertCapacity(String when) {
        assertTrue(serving("/web").size() >= 2, when + ": healthy tasks " + serving("/web").size() + " < 50% of 4");
        long active = h.core.tasks("/web").stream().filter(t -> !h.effects.killedTaskIds().contains(t.id())).count();
        assertTrue(active <= 4, when + ": " + active + " tasks, over maximumOverCapacity 0");
    }

    @Test
    void aRollingRestartKeepsHalfTheTasksHealthyAndEndsWithAllAtTheNewVersion() {
        h.core.createApp(h.app("/web", 4, CoreHarness.httpCheck(),
                "'upgradeStrategy':{'minimumHealthCapacity':0.5,'maximumOverCapacity':0}"), false);
        h.tick();
        List<String> old = h.offersLaunch(1);
        h.running(old);
        healthy(old);
        assertTrue(h.core.deployments().isEmpty());

        h.core.putApp("/web", h.json("{'cmd':'sleep 2000'}"), true, false);
        String version = app("/web").version();
        assertCapacity("after the change");
        assertEquals(2, h.effects.killedTaskIds().size(), "two old tasks may go at once");

        for (int round = 0; round < 10 && !h.core.deployments().isEmpty(); round++) {
            for (String id : endKills()) {
                h.killed(List.of(id));
                assertCapacity("round " + round + ", " + id + " killed");
            }
            h.tick();
            List<String> launched = h.offersLaunch(1);
            assertCapacity("round " + round + ", launched " + launched);
            for (String id : launched) {
                h.running(List.of(id));
                assertCapacity("round " + round + ", " + id + " running");
                healthy(List.of(id));
                assertCapacity("round " + round + ", " + id + " healthy");
            }
        }

        assertTrue(h.core.deployments().isEmpty(), "the restart finished");
        List<MarathonTask> tasks = h.core.tasks("/web");
        assertEquals(4, tasks.size());
        assertTrue(tasks.stream().allMatch(t -> t.version().equals(version)), tasks.toString());
        assertEquals(4, serving("/web").size());
        assertEquals(new HashSet<>(old), new HashSet<>(h.effects.killedTaskIds()), "exactly the old tasks were killed");
        h.effects.launchedTasks().stream().skip(4)
                .forEach(t -> assertEquals("sleep 2000", t.getCommand().getValue()));
    }

    @Test
    void restartAppReplacesEveryTask() {
        List<String> old = h.createRunning(h.app("/web", 2));

        h.core.restartApp("/web", false);
        List<String> fresh = h.offersLaunch(1);
        assertEquals(2, fresh.size(), "default strategy: new tasks first");
        assertTrue(h.effects.kills.isEmpty());
        h.running(fresh);
        assertEquals(new HashSet<>(old), new HashSet<>(h.effects.killedTaskIds()));
        h.killed(old);

        assertTrue(h.core.deployments().isEmpty());
        assertEquals(new HashSet<>(fresh), new HashSet<>(h.taskIds("/web")));
    }

    private DeploymentResult upgradeWithTwoNewTasksStaging() {
        DeploymentResult upgrade = h.core.putApp("/web", h.json("{'cmd':'sleep 2000'}"), true, false).deployment();
        assertEquals(2, h.offersLaunch(1).size());
        assertTrue(h.effects.kills.isEmpty(), "the old tasks run until new ones are ready");
        return upgrade;
    }

    @Test
    void aRollbackRestoresThePreviousDefinition() {
        h.createRunning(h.app("/web", 2));
        AppDefinition v1 = app("/web");
        DeploymentResult upgrade = upgradeWithTwoNewTasksStaging();

        DeploymentResult rollback = h.core.rollback(upgrade.deploymentId());

        assertEquals(v1.withVersion(null, null), app("/web").withVersion(null, null));
        assertEquals("rolled back", h.eventJson(h.events("deployment_failed").get(0)).get("reason").asText());
        assertEquals(List.of(rollback.deploymentId()), h.core.deployments().stream().map(d -> d.id()).toList());
        for (int round = 0; round < 5 && !h.core.deployments().isEmpty(); round++) {
            h.killed(endKills());
            h.tick();
            h.running(h.offersLaunch(1));
        }
        assertTrue(h.core.deployments().isEmpty());
        List<MarathonTask> tasks = h.core.tasks("/web");
        assertEquals(2, tasks.size());
        for (MarathonTask t : tasks) {
            assertEquals("sleep 1000", h.store.appVersion("/web", t.version()).orElseThrow().cmd(), t.toString());
        }
    }

    /**
     * As in Marathon, a rollback restores the original definition with its config version: the
     * tasks still running it stay, only those the rolled-back deployment started are killed.
     */
    @Test
    void aRollbackKeepsTheTasksOfTheOriginalVersion() {
        List<String> old = h.createRunning(h.app("/web", 2));
        DeploymentResult upgrade = upgradeWithTwoNewTasksStaging();
        List<String> staging = new ArrayList<>(h.taskIds("/web"));
        staging.removeAll(old);

        h.core.rollback(upgrade.deploymentId());
        h.tick();

        assertEquals(new HashSet<>(staging), new HashSet<>(h.effects.killedTaskIds()));
        h.killed(staging);
        assertTrue(h.core.deployments().isEmpty());
        assertEquals(new HashSet<>(old), new HashSet<>(h.taskIds("/web")));
        assertFalse(h.effects.killedTaskIds().stream().anyMatch(old::contains));
    }

    /** A rollback the store cannot record is a 503 and leaves the deployment as it was. */
    @Test
    void aRollbackWithTheStoreDownIs503AndChangesNothing() {
        h.createRunning(h.app("/web", 2));
        DeploymentResult upgrade = upgradeWithTwoNewTasksStaging();
        h.store.failWrites();

        RuntimeException e = assertThrows(RuntimeException.class,
                () -> h.core.rollback(upgrade.deploymentId()));

        assertTrue(e instanceof ApiException, e.toString());
        assertEquals(503, ((ApiException) e).status());
        assertEquals(List.of(upgrade.deploymentId()), h.core.deployments().stream().map(d -> d.id()).toList());
    }
}

package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.TaskCounts;
import io.plinth.marathon.health.HealthReport;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Marathon-side health checks: counts, kills of unhealthy tasks, deployments waiting for health. */
class SchedulerCoreHealthTest {

    private final CoreHarness h = new CoreHarness();

    private void report(String taskId, boolean passed) {
        h.core.health(new HealthReport(taskId, 0, passed, passed ? null : "HTTP 500", h.clock.instant()));
        h.flush();
    }

    private List<String> createWithCheck(int instances) {
        h.core.createApp(h.app("/web", instances, CoreHarness.httpCheck()), false);
        h.tick();
        List<String> ids = h.offersLaunch(1);
        h.running(ids);
        return ids;
    }

    @Test
    void runningTasksAreWatchedAndTheirReportsGiveHealthyCounts() {
        List<String> ids = createWithCheck(2);

        assertEquals(ids, List.copyOf(h.effects.watched.keySet()));
        assertEquals("HTTP", h.effects.watched.get(ids.get(0)).get(0).protocol());
        assertEquals(new TaskCounts(0, 2, 0, 0), h.core.counts("/web"));

        report(ids.get(0), true);
        assertEquals(new TaskCounts(0, 2, 1, 0), h.core.counts("/web"));
        report(ids.get(1), false);
        assertEquals(new TaskCounts(0, 2, 1, 1), h.core.counts("/web"));
        assertEquals(1, h.events("failed_health_check_event").size());
        assertTrue(h.eventJson(h.events("health_status_changed_event").get(0)).get("alive").asBoolean());
    }

    @Test
    void theDeploymentFinishesOnlyWhenAllTasksAreHealthy() {
        List<String> ids = createWithCheck(2);
        assertEquals(1, h.core.deployments().size(), "running but not yet healthy");

        report(ids.get(0), true);
        assertEquals(1, h.core.deployments().size(), "one of two healthy");
        report(ids.get(1), true);

        assertTrue(h.core.deployments().isEmpty());
        assertEquals(1, h.events("deployment_success").size());
    }

    @Test
    void maxConsecutiveFailuresKillTheTaskAndItIsReplaced() {
        List<String> ids = createWithCheck(2);
        ids.forEach(id -> report(id, true));
        String sick = ids.get(0);

        report(sick, false);
        report(sick, false);
        assertTrue(h.effects.kills.isEmpty(), "two failures are tolerated");
        report(sick, false);

        assertEquals(List.of(sick), h.effects.killedTaskIds());
        assertTrue(h.effects.unwatched.contains(sick));
        assertEquals(1, h.events("unhealthy_task_kill_event").size());
        assertEquals(sick, h.eventJson(h.events("unhealthy_task_kill_event").get(0)).get("taskId").asText());
        assertEquals(3, h.events("failed_health_check_event").size());
        report(sick, false);
        assertEquals(1, h.effects.kills.size(), "reports of a task being killed change nothing");

        List<String> replacement = h.offersLaunch(1);
        assertEquals(1, replacement.size());
        h.killed(List.of(sick));
        h.running(replacement);
        report(replacement.get(0), true);
        assertEquals(new TaskCounts(0, 2, 2, 0), h.core.counts("/web"));
    }

    @Test
    void aSuccessClearsTheFailureCount() {
        String task = createWithCheck(1).get(0);
        report(task, true);

        report(task, false);
        report(task, false);
        report(task, true);
        report(task, false);
        report(task, false);

        assertTrue(h.effects.kills.isEmpty());
    }

    @Test
    void failuresWithinTheGracePeriodDoNotCount() {
        h.core.createApp(h.app("/web", 1, "'healthChecks':[{'protocol':'HTTP','path':'/','gracePeriodSeconds':60,"
                + "'maxConsecutiveFailures':1}]"), false);
        h.tick();
        String task = h.offersLaunch(1).get(0);
        h.running(List.of(task));

        report(task, false);
        assertTrue(h.effects.kills.isEmpty(), "within the grace period");
        h.clock.advanceSeconds(61);
        report(task, false);

        assertEquals(List.of(task), h.effects.killedTaskIds());
    }
}

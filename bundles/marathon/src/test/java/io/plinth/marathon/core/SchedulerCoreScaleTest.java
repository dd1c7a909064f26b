package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.Marathon.Killed;
import io.plinth.marathon.model.Groups;
import io.plinth.rest.api.ApiException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scaling up and down, and killing tasks with and without scaling. */
class SchedulerCoreScaleTest {

    private final CoreHarness h = new CoreHarness();

    private int instancesOf(String id) {
        return Groups.app(h.core.root(), id).orElseThrow().instances();
    }

    @Test
    void scalesUpThenDownKillingTheYoungestAndWaitsForTheKillsToEnd() {
        List<String> first = h.createRunning(h.app("/web", 3));
        h.clock.advance(Duration.ofMinutes(1));

        h.core.scaleApp("/web", 10, false);
        h.tick();
        List<String> more = h.offersLaunch(1);
        assertEquals(7, more.size());
        h.running(more);
        assertTrue(h.core.deployments().isEmpty());
        assertEquals(10, h.core.counts("/web").tasksRunning());

        h.core.scaleApp("/web", 2, false);
        h.tick();

        List<String> killed = h.effects.killedTaskIds();
        assertEquals(8, killed.size());
        assertTrue(killed.containsAll(more), "the seven youngest go first: " + killed);
        Set<String> survivors = new HashSet<>(first);
        survivors.removeAll(killed);
        assertEquals(2, survivors.size());
        assertEquals(1, h.core.deployments().size(), "waits for the kills to end");

        h.killed(killed.subList(0, 7));
        assertEquals(1, h.core.deployments().size(), "one task still being killed");
        h.killed(killed.subList(7, 8));

        assertTrue(h.core.deployments().isEmpty());
        assertEquals(survivors, new HashSet<>(h.taskIds("/web")));
        assertEquals(3, h.events("deployment_success").size());
        h.offers(1);
        assertEquals(2, h.effects.launches.size(), "no replacement for the scaled-away tasks");
    }

    @Test
    void oldestFirstKillSelectionKillsTheOldest() {
        List<String> first = h.createRunning(h.app("/web", 1, "'killSelection':'OLDEST_FIRST'"));
        h.clock.advance(Duration.ofMinutes(1));
        h.core.scaleApp("/web", 2, false);
        h.tick();
        h.running(h.offersLaunch(1));

        h.core.scaleApp("/web", 1, false);

        assertEquals(first, h.effects.killedTaskIds());
    }

    @Test
    void aKilledTaskWithoutScaleIsReplaced() {
        List<String> ids = h.createRunning(h.app("/web", 3));

        Killed answer = h.core.killTasks(List.of(ids.get(0)), false, false, false, false);

        assertEquals(1, answer.tasks().size());
        assertNull(answer.deployment());
        assertEquals(List.of(ids.get(0)), h.effects.killedTaskIds());
        assertEquals(3, instancesOf("/web"));
        List<String> replacement = h.offersLaunch(1);
        assertEquals(1, replacement.size(), "replaced at once, as in Marathon");
        h.killed(List.of(ids.get(0)));
        h.running(replacement);
        assertEquals(3, h.core.counts("/web").tasksRunning());
    }

    @Test
    void aKilledTaskWithScaleShrinksTheAppAndIsNotReplaced() {
        List<String> ids = h.createRunning(h.app("/web", 3));

        Killed answer = h.core.killTasks(List.of(ids.get(1)), true, false, false, false);
        h.tick();

        assertEquals(List.of(ids.get(1)), h.effects.killedTaskIds(), "only the named task");
        assertEquals(2, instancesOf("/web"));
        assertEquals(2, h.store.currentApps().get("/web").instances());
        assertEquals(answer.deployment().deploymentId(), h.core.deployments().get(0).id());
        h.offers(1);
        assertEquals(1, h.effects.launches.size(), "no replacement");

        h.killed(List.of(ids.get(1)));

        assertTrue(h.core.deployments().isEmpty());
        assertEquals(2, h.core.counts("/web").tasksRunning());
    }

    @Test
    void killingAnUnknownTaskStrictlyIs404() {
        h.createRunning(h.app("/web", 1));

        ApiException e = assertThrows(ApiException.class,
                () -> h.core.killTasks(List.of("nope"), false, false, false, true));

        assertEquals(404, e.status());
        assertTrue(h.effects.kills.isEmpty());
    }

    /** A kill with scale that is refused (409: the app is locked) kills nothing. */
    @Test
    void aRefusedKillAndScaleKillsNothing() {
        List<String> ids = h.createRunning(h.app("/web", 3));
        h.core.scaleApp("/web", 5, false); // a deployment waiting for offers locks the app
        h.tick();

        ApiException e = assertThrows(ApiException.class,
                () -> h.core.killTasks(List.of(ids.get(0)), true, false, false, false));

        assertEquals(409, e.status());
        assertEquals(List.of(), h.effects.killedTaskIds());
    }
}

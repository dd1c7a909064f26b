package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.model.Groups;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

/** Deployments: locking, refused changes, dependencies, deletion, groups. */
class SchedulerCoreDeploymentTest {

    private final CoreHarness h = new CoreHarness();

    private static String appOf(Protos.TaskInfo task) {
        return CoreHarness.env(task).get("MARATHON_APP_ID");
    }

    private static List<String> ids(List<Protos.TaskInfo> tasks) {
        return tasks.stream().map(t -> t.getTaskId().getValue()).toList();
    }

    @Test
    void aSecondChangeWhileADeploymentRunsIs409AndForceSupersedesIt() {
        DeploymentResult first = h.core.createApp(h.app("/web", 3), false).deployment();
        Group before = h.core.root();
        int writes = h.store.writes();

        ApiException e = assertThrows(ApiException.class,
                () -> h.core.putApp("/web", h.json("{'cmd':'sleep 5'}"), true, false));

        assertEquals(409, e.status());
        assertTrue(e.getMessage().contains(first.deploymentId()), e.getMessage());
        assertSame(before, h.core.root());
        assertEquals(writes, h.store.writes(), "nothing stored");

        DeploymentResult second = h.core.putApp("/web", h.json("{'cmd':'sleep 5'}"), true, true).deployment();

        assertEquals(List.of(second.deploymentId()), h.core.deployments().stream().map(d -> d.id()).toList());
        assertEquals(List.of(second.deploymentId()), h.store.deployments().stream().map(d -> d.id()).toList());
        assertEquals(first.deploymentId(), h.eventJson(h.events("deployment_failed").get(0)).get("id").asText());
        assertEquals("sleep 5", Groups.app(h.core.root(), "/web").orElseThrow().cmd());
        h.tick();
        List<Protos.TaskInfo> tasks = h.offers(1);
        assertEquals(3, tasks.size());
        tasks.forEach(t -> assertEquals("sleep 5", t.getCommand().getValue()));
    }

    @Test
    void aBadDefinitionIs422WithDetailsAndChangesNothing() {
        Group before = h.core.root();

        ApiException e = assertThrows(ApiException.class,
                () -> h.core.createApp(h.json("{'id':'/Bad App','cmd':'x','cpus':-1}"), false));

        assertEquals(422, e.status());
        List<String> paths = e.details().stream().map(ErrorDetail::path).toList();
        assertTrue(paths.contains("/id"), paths.toString());
        assertTrue(paths.contains("/cpus"), paths.toString());
        assertTrue(e.details().stream().allMatch(d -> !d.errors().isEmpty()));
        assertSame(before, h.core.root());
        assertEquals(0, h.store.writes());
        assertTrue(h.store.currentApps().isEmpty());
        assertTrue(h.events.isEmpty());
        assertTrue(h.core.deployments().isEmpty());
    }

    @Test
    void aDependencyOnAMissingAppIs422() {
        ApiException e = assertThrows(ApiException.class,
                () -> h.core.createApp(h.app("/b", 1, "'dependencies':['/a']"), false));

        assertEquals(422, e.status());
        assertEquals(0, h.store.writes());
    }

    @Test
    void aStoreFailureDuringCreateIs503AndChangesNothing() {
        Group before = h.core.root();
        h.store.failWrites();

        ApiException e = assertThrows(ApiException.class, () -> h.core.createApp(h.app("/web", 3), false));

        assertEquals(503, e.status());
        assertSame(before, h.core.root());
        assertTrue(h.store.currentApps().isEmpty());
        assertTrue(h.store.rootVersions().isEmpty());
        assertTrue(h.core.deployments().isEmpty());
        assertTrue(h.events.isEmpty());
        h.tick();
        assertTrue(h.core.queue().isEmpty());
        assertTrue(h.offersLaunch(1).isEmpty());

        h.store.healWrites();
        h.core.createApp(h.app("/web", 3), false);
        assertEquals(1, h.core.deployments().size(), "the same request succeeds once the store is back");
    }

    /**
     * The root version is the commit point: the store failing after the app's version was written
     * answers 503, and the next leader finds no trace of the app.
     */
    @Test
    void aStoreFailureAfterTheFirstWriteLeavesNothingForTheNextLeader() {
        h.store.failWritesAfter(1);

        ApiException e = assertThrows(ApiException.class, () -> h.core.createApp(h.app("/web", 3), false));
        assertEquals(503, e.status());
        h.store.healWrites();

        CoreHarness next = h.newLeader();
        assertTrue(Groups.app(next.core.root(), "/web").isEmpty(), "the refused app came back after failover");
    }

    @Test
    void anAppIsScaledOnlyOnceItsDependencyRuns() {
        h.core.putGroup("/shop", h.json("{'apps':[" + h.app("db", 1) + "," + h.app("web", 2, "'dependencies':['db']")
                + "]}"), false, false);
        assertEquals(3, h.core.deployments().get(0).totalSteps(), "start both, scale db, scale web");
        h.tick();

        List<Protos.TaskInfo> first = h.offers(1);
        assertEquals(List.of("/shop/db"), first.stream().map(SchedulerCoreDeploymentTest::appOf).toList());
        h.tick();
        assertTrue(h.offers(1).isEmpty(), "web waits while db is staging");

        h.running(ids(first));
        h.tick();
        List<Protos.TaskInfo> second = h.offers(1);

        assertEquals(List.of("/shop/web", "/shop/web"), second.stream().map(SchedulerCoreDeploymentTest::appOf).toList());
        h.running(ids(second));
        assertTrue(h.core.deployments().isEmpty());
    }

    @Test
    void deletingAnAppKillsItsTasksAndEndsWhenTheyAreGone() {
        List<String> ids = h.createRunning(h.app("/web", 2));

        h.core.deleteApp("/web", false);

        assertEquals(1, h.events("app_terminated_event").size());
        assertEquals("/web", h.eventJson(h.events("app_terminated_event").get(0)).get("appId").asText());
        assertEquals(ids.size(), h.effects.kills.size());
        assertTrue(h.effects.killedTaskIds().containsAll(ids));
        assertTrue(Groups.app(h.core.root(), "/web").isEmpty());
        assertFalse(h.store.currentApps().containsKey("/web"));
        assertEquals(1, h.core.deployments().size());

        h.killed(ids);

        assertTrue(h.core.deployments().isEmpty());
        assertTrue(h.core.tasks().isEmpty());
        assertTrue(h.store.instances().isEmpty());
        h.tick();
        assertTrue(h.offersLaunch(1).isEmpty());
    }

    @Test
    void aGroupPutWithTwoAppsDeploysBoth() {
        DeploymentResult result = h.core.putGroup("/prod", h.json("{'apps':[" + h.app("a", 1) + "," + h.app("b", 2)
                + "]}"), false, false);

        assertTrue(Groups.app(h.core.root(), "/prod/a").isPresent());
        assertTrue(Groups.app(h.core.root(), "/prod/b").isPresent());
        assertTrue(h.store.currentGroups().containsKey("/prod"));
        assertEquals(result.version(), h.store.rootVersions().get(0));
        assertEquals(2, h.core.deployments().get(0).affectedApps().size());
        h.tick();
        List<Protos.TaskInfo> tasks = h.offers(1);
        assertEquals(1, tasks.stream().filter(t -> appOf(t).equals("/prod/a")).count());
        assertEquals(2, tasks.stream().filter(t -> appOf(t).equals("/prod/b")).count());

        h.running(ids(tasks));

        assertTrue(h.core.deployments().isEmpty());
        assertEquals(1, h.core.counts("/prod/a").tasksRunning());
        assertEquals(2, h.core.counts("/prod/b").tasksRunning());
    }

    @Test
    void everyChangeRecordsANewRootVersion() {
        h.createRunning(h.app("/web", 1));
        h.core.scaleApp("/web", 2, false);

        assertEquals(2, h.store.rootVersions().size());
        assertEquals(2, h.core.appVersion("/web", h.store.rootVersions().get(0)).orElseThrow().instances());
        assertEquals(1, h.core.appVersion("/web", h.store.rootVersions().get(1)).orElseThrow().instances());
    }

    /** A restart is a change of the tree like any other: a new root version, the old one kept. */
    @Test
    void aRestartRecordsANewRootVersionAndKeepsTheOldOne() {
        h.createRunning(h.app("/web", 1));
        String before = h.store.rootVersions().get(0);
        String appBefore = h.store.rootVersion(before).orElseThrow().apps().get("/web");

        DeploymentResult restart = h.core.restartApp("/web", false);

        assertEquals(List.of(restart.version(), before), h.store.rootVersions());
        assertEquals(appBefore, h.store.rootVersion(before).orElseThrow().apps().get("/web"));
        assertEquals(restart.version(), h.core.root().version());
    }
}

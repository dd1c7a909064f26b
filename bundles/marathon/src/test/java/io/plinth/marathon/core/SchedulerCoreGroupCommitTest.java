package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.model.Groups;
import io.plinth.rest.api.ApiException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Group commit: changes applied in memory together, durable in one store commit, told after it. */
class SchedulerCoreGroupCommitTest {

    private final CoreHarness h = new CoreHarness();

    @Test
    void changesOfOneGroupShareAVersionAndOneCommit() {
        h.core.openGroup();
        DeploymentResult a = h.core.createApp(h.app("/a", 1), false).deployment();
        DeploymentResult b = h.core.createApp(h.app("/b", 2), false).deployment();

        assertEquals(a.version(), b.version(), "one group, one version");
        assertNotEquals(a.deploymentId(), b.deploymentId());
        assertEquals(0, h.store.writes(), "nothing is written before the commit");
        assertTrue(h.events.isEmpty(), "nothing is told before the commit");
        assertTrue(h.core.queue().isEmpty(), "nothing converges before the commit");
        assertTrue(Groups.app(h.core.root(), "/b").isPresent(), "the second change saw the first");

        h.core.commitGroup();

        assertFalse(h.core.groupOpen());
        assertEquals(3, h.store.writes(), "versions, deployments, one root version");
        assertEquals(List.of(a.version()), h.store.rootVersions());
        assertEquals(Set.of("/a", "/b"), h.store.currentApps().keySet());
        assertEquals(2, h.store.deployments().size());
        assertTrue(h.store.deployments().stream().allMatch(d -> d.currentStep() == 1),
                "stored past the start step, which is done at once");
        assertEquals(2, h.events("api_post_event").size());
        assertEquals(4, h.events("deployment_info").size(), "each deployment's start and scale steps");
        assertEquals(2, h.core.queue().size(), "both apps wait for offers after the commit");
        assertEquals(3, h.offersLaunch(3).size());

        CoreHarness next = h.newLeader();
        assertEquals(2, next.core.deployments().size(), "a new leader carries on with both deployments");
    }

    @Test
    void aSecondChangeOfAnAppWaitsForTheNextGroupAndChangesNothingMeanwhile() {
        h.core.openGroup();
        h.core.createApp(h.app("/a", 1), false);
        Group before = h.core.root();

        assertThrows(SchedulerCore.CommitFirst.class, () -> h.core.putApp("/a", h.json("{'instances':3}"), true, true));
        assertSame(before, h.core.root());
        assertEquals(1, h.core.deployments().size());

        h.core.commitGroup();
        h.core.openGroup();
        DeploymentResult scaled = h.core.putApp("/a", h.json("{'instances':3}"), true, true).deployment();
        h.core.commitGroup();

        assertEquals(3, Groups.app(h.core.root(), "/a").orElseThrow().instances());
        assertEquals(2, h.store.rootVersions().size(), "two groups, two root versions");
        assertEquals(scaled.version(), h.store.rootVersions().get(0));
        assertEquals(1, h.events("deployment_failed").size(), "the first deployment was superseded");
        assertEquals(1, h.events("deployment_step_failure").size(), "at its scale step");
        assertEquals("ScaleApplication", h.eventJson(h.events("deployment_step_failure").get(0)).get("currentStep")
                .get("actions").get(0).get("action").asText());
        assertEquals(1, h.store.deployments().size(), "and its record deleted once the second was durable");
    }

    @Test
    void revertingToTheGroupsOwnVersionWaitsForItsCommit() {
        h.core.openGroup();
        String version = h.core.putGroup("/shop", h.json("{'apps':[" + h.app("db", 1) + "]}"), true, false).version();

        assertThrows(SchedulerCore.CommitFirst.class,
                () -> h.core.putGroup("/shop", h.json("{'version':'" + version + "'}"), false, true));
        h.core.commitGroup();
        h.core.openGroup();
        h.core.putGroup("/shop", h.json("{'version':'" + version + "'}"), false, true);
        h.core.commitGroup();
        assertTrue(Groups.app(h.core.root(), "/shop/db").isPresent());
    }

    /** The store refusing the group: the caller drops this core, and the next leader finds none of it. */
    @Test
    void aRefusedGroupLeavesNothingForTheNextLeader() {
        h.core.createApp(h.app("/kept", 1), false);
        h.store.failWritesAfter(1);
        h.core.openGroup();
        h.core.createApp(h.app("/a", 1), false);
        h.core.createApp(h.app("/b", 1), false);
        int told = h.events.size();

        assertThrows(IllegalStateException.class, h.core::commitGroup);
        assertEquals(told, h.events.size(), "a refused group tells nothing");
        h.store.healWrites();

        CoreHarness next = h.newLeader();
        assertEquals(Set.of("/kept"), Groups.apps(next.core.root()).keySet());
        assertEquals(1, next.core.deployments().size(), "only the kept app's deployment");
    }

    @Test
    void refusedChangesJoinNothing() {
        h.core.openGroup();
        h.core.createApp(h.app("/a", 1), false);
        ApiException e = assertThrows(ApiException.class, () -> h.core.createApp(h.app("/a", 1), false));
        assertEquals(409, e.status());
        h.core.commitGroup();
        assertEquals(Set.of("/a"), h.store.currentApps().keySet());
    }

    @Test
    void aCancelledDeploymentTellsTheStepItFailedAt() {
        String id = h.core.createApp(h.app("/a", 2), false).deployment().deploymentId();
        h.core.cancel(id);
        assertEquals(1, h.events("deployment_step_failure").size());
        assertEquals(id, h.eventJson(h.events("deployment_step_failure").get(0)).get("plan").get("id").asText());
        assertEquals("canceled", h.eventJson(h.events("deployment_failed").get(0)).get("reason").asText());
    }
}

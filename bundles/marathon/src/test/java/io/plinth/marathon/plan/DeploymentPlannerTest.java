package io.plinth.marathon.plan;

import static io.plinth.marathon.plan.Fixtures.app;
import static io.plinth.marathon.plan.Fixtures.group;
import static io.plinth.marathon.plan.Fixtures.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.plan.DeploymentAction.RestartApplication;
import io.plinth.marathon.plan.DeploymentAction.ScaleApplication;
import io.plinth.marathon.plan.DeploymentAction.StartApplication;
import io.plinth.marathon.plan.DeploymentAction.StopApplication;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeploymentPlannerTest {

    private final DeploymentPlanner planner = new DeploymentPlanner();

    private DeploymentPlan plan(Group original, Group target) {
        return planner.plan(original, target, "d-1", "2024-02-02T00:00:00.000Z");
    }

    /** Steps rendered as "Name:/id" strings (with ":n" for scales) for readable assertions. */
    private static List<List<String>> shape(DeploymentPlan plan) {
        return plan.steps().stream().map(step -> step.actions().stream().map(action -> {
            String shown = action.name() + ":" + action.appId();
            return action instanceof ScaleApplication scale ? shown + ":" + scale.scaleTo() : shown;
        }).toList()).toList();
    }

    @Test
    void newAppIsStartedThenScaled() {
        AppDefinition a = app("/a", "run", 3);
        DeploymentPlan plan = plan(root(), root(a));

        assertEquals(List.of(List.of("StartApplication:/a"), List.of("ScaleApplication:/a:3")), shape(plan));
        assertEquals(new StartApplication(a), plan.steps().get(0).actions().get(0));
        assertEquals(new ScaleApplication(a, 3), plan.steps().get(1).actions().get(0));
    }

    @Test
    void instancesOnlyChangeIsAScale() {
        AppDefinition before = app("/a", "run", 1);
        AppDefinition after = app("/a", "run", 5).withVersion("2024-02-02T00:00:00.000Z",
                new AppDefinition.VersionInfo("2024-02-02T00:00:00.000Z", "2024-01-01T00:00:00.000Z"));

        assertEquals(List.of(List.of("ScaleApplication:/a:5")), shape(plan(root(before), root(after))));
    }

    @Test
    void definitionChangeIsARestartEvenWithNewInstances() {
        assertEquals(List.of(List.of("RestartApplication:/a")),
                shape(plan(root(app("/a", "run", 2)), root(app("/a", "run --fast", 2)))));
        AppDefinition after = app("/a", "run --fast", 4);
        DeploymentPlan plan = plan(root(app("/a", "run", 2)), root(after));
        assertEquals(List.of(List.of(new RestartApplication(after))),
                plan.steps().stream().map(DeploymentStep::actions).toList());
    }

    @Test
    void removedAppIsStoppedWithItsOldDefinition() {
        AppDefinition a = app("/a", "run", 2);
        DeploymentPlan plan = plan(root(a, app("/b")), root(app("/b")));

        assertEquals(List.of(List.of(new StopApplication(a))),
                plan.steps().stream().map(DeploymentStep::actions).toList());
    }

    @Test
    void dependencyChainGivesOneStepPerLevel() {
        Group chain = root(app("/c", "c", 1, "/b"), app("/b", "b", 1, "/a"), app("/a", "a", 1));

        assertEquals(List.of(
                List.of("StartApplication:/a", "StartApplication:/b", "StartApplication:/c"),
                List.of("ScaleApplication:/a:1"),
                List.of("ScaleApplication:/b:1"),
                List.of("ScaleApplication:/c:1")), shape(plan(root(), chain)));

        Group changed = root(app("/c", "c2", 1, "/b"), app("/b", "b2", 1, "/a"), app("/a", "a2", 1));
        assertEquals(List.of(
                List.of("RestartApplication:/a"),
                List.of("RestartApplication:/b"),
                List.of("RestartApplication:/c")), shape(plan(chain, changed)));
    }

    @Test
    void removedDependentsStopBeforeWhatTheyDependOn() {
        Group chain = root(List.of(app("/c", "c", 1, "/b"), app("/b", "b", 1, "/a"), app("/a", "a", 1),
                app("/x", "x", 1)), List.of());

        assertEquals(List.of(
                List.of("StopApplication:/c", "StopApplication:/x"),
                List.of("StopApplication:/b"),
                List.of("StopApplication:/a")), shape(plan(chain, root())));
    }

    @Test
    void groupDependencyCoversEveryAppBelowBothGroups() {
        Group db = group("/db", List.of(app("/db/mysql"), app("/db/redis")), List.of());
        Group web = group("/web", List.of(app("/web/front")),
                List.of(group("/web/api", List.of(app("/web/api/v1")), List.of())), "/db");
        Group target = root(List.of(app("/other")), List.of(db, web));

        DeploymentPlan plan = plan(root(), target);

        assertEquals(List.of(
                List.of("StartApplication:/db/mysql", "StartApplication:/db/redis", "StartApplication:/other",
                        "StartApplication:/web/api/v1", "StartApplication:/web/front"),
                List.of("ScaleApplication:/db/mysql:1", "ScaleApplication:/db/redis:1", "ScaleApplication:/other:1"),
                List.of("ScaleApplication:/web/api/v1:1", "ScaleApplication:/web/front:1")), shape(plan));
    }

    @Test
    void dependencyOnAGroupByItsOwnAppIsNotACycleButTrailingSlashesAreResolved() {
        // /svc/b depends on its own group: it comes after its sibling /svc/a, not after itself.
        Group svc = group("/svc", List.of(app("/svc/a"), app("/svc/b", "b", 1, "/svc/")), List.of());

        assertEquals(List.of(
                List.of("StartApplication:/svc/a", "StartApplication:/svc/b"),
                List.of("ScaleApplication:/svc/a:1"),
                List.of("ScaleApplication:/svc/b:1")), shape(plan(root(), root(List.of(), List.of(svc)))));
    }

    @Test
    void mixedCreateUpdateDelete() {
        Group original = root(app("/a", "x", 1), app("/b", "b", 1), app("/c", "c", 1), app("/same", "s", 2));
        Group target = root(app("/a", "y", 1), app("/b", "b", 2), app("/d", "d", 3, "/a"), app("/same", "s", 2));

        assertEquals(List.of(
                List.of("StopApplication:/c"),
                List.of("StartApplication:/d"),
                List.of("RestartApplication:/a", "ScaleApplication:/b:2"),
                List.of("ScaleApplication:/d:3")), shape(plan(original, target)));
        assertEquals(Set.of("/a", "/b", "/c", "/d"), plan(original, target).affectedApps());
    }

    @Test
    void unchangedAppsAreLeftOutAndTheirLevelStepsDropped() {
        Group original = root(app("/a", "a", 1), app("/b", "b", 1, "/a"));
        Group target = root(app("/a", "a", 1), app("/b", "b", 3, "/a"));

        assertEquals(List.of(List.of("ScaleApplication:/b:3")), shape(plan(original, target)));
    }

    @Test
    void noChangeGivesAnEmptyPlan() {
        Group tree = root(List.of(app("/a")), List.of(group("/g", List.of(app("/g/b")), List.of())));
        AppDefinition newVersion = app("/a").withVersion("2024-03-03T00:00:00.000Z", null);
        Group sameButNewVersions = root(List.of(newVersion), List.of(group("/g", List.of(app("/g/b")), List.of())));

        DeploymentPlan plan = plan(tree, sameButNewVersions);

        assertTrue(plan.isEmpty());
        assertTrue(plan.affectedApps().isEmpty());
        Deployment view = plan.view(0);
        assertEquals(0, view.currentStep());
        assertEquals(0, view.totalSteps());
        assertTrue(view.currentActions().isEmpty());
    }

    @Test
    void cycleInTargetIsRefused() {
        Group cyclic = root(app("/a", "a", 1, "/b"), app("/b", "b", 1, "/a"), app("/c"));
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> plan(root(), cyclic));
        assertTrue(error.getMessage().contains("/a") && error.getMessage().contains("/b"), error.getMessage());
        assertFalse(error.getMessage().contains("/c"), error.getMessage());

        Group viaGroups = root(List.of(), List.of(
                group("/x", List.of(app("/x/a")), List.of(), "/y"),
                group("/y", List.of(app("/y/a")), List.of(), "/x")));
        assertThrows(IllegalArgumentException.class, () -> plan(root(), viaGroups));
    }

    @Test
    void viewRendersMarathonDeploymentShape() {
        Group chain = root(app("/c", "c", 1, "/b"), app("/b", "b", 2, "/a"), app("/a", "a", 1));
        DeploymentPlan plan = plan(root(), chain);

        Deployment view = plan.view(2);

        assertEquals("d-1", view.id());
        assertEquals("2024-02-02T00:00:00.000Z", view.version());
        assertEquals(List.of("/a", "/b", "/c"), view.affectedApps());
        assertEquals(3, view.currentStep());
        assertEquals(4, view.totalSteps());
        assertEquals(List.of(new Deployment.CurrentAction("ScaleApplication", "/b", List.of())), view.currentActions());
        assertEquals(List.of(
                new Deployment.Step(List.of(new Deployment.Action("StartApplication", "/a"),
                        new Deployment.Action("StartApplication", "/b"),
                        new Deployment.Action("StartApplication", "/c"))),
                new Deployment.Step(List.of(new Deployment.Action("ScaleApplication", "/a"))),
                new Deployment.Step(List.of(new Deployment.Action("ScaleApplication", "/b"))),
                new Deployment.Step(List.of(new Deployment.Action("ScaleApplication", "/c")))), view.steps());
        assertEquals(1, plan.view(0).currentStep());
        assertThrows(IllegalArgumentException.class, () -> plan.view(4));
        assertThrows(IllegalArgumentException.class, () -> plan.view(-1));
    }

    @Test
    void restartReplacesOneAppInOneStep() {
        AppDefinition b = app("/g/b", "b", 3);
        Group tree = root(List.of(app("/a")), List.of(group("/g", List.of(b), List.of())));
        AppDefinition restarted = b.withVersion("2024-05-05T00:00:00.000Z",
                new AppDefinition.VersionInfo("2024-01-01T00:00:00.000Z", "2024-05-05T00:00:00.000Z"));

        DeploymentPlan plan = planner.restart(tree, "/g/b", restarted, "d-2", "2024-05-05T00:00:00.000Z");

        assertEquals(List.of(List.of(new RestartApplication(restarted))),
                plan.steps().stream().map(DeploymentStep::actions).toList());
        assertSame(tree, plan.original());
        assertEquals(restarted, GroupTree.apps(plan.target()).get("/g/b"));
        assertEquals(GroupTree.apps(tree).get("/a"), GroupTree.apps(plan.target()).get("/a"));
        assertThrows(IllegalArgumentException.class,
                () -> planner.restart(tree, "/nope", restarted, "d-3", "v"));
        assertThrows(IllegalArgumentException.class,
                () -> planner.restart(tree, "/a", restarted, "d-3", "v"));
    }

    @Test
    void actionNamesAreMarathons() {
        AppDefinition a = app("/a");
        assertEquals(List.of("StartApplication", "ScaleApplication", "RestartApplication", "StopApplication"),
                List.of(new StartApplication(a).name(), new ScaleApplication(a, 1).name(),
                        new RestartApplication(a).name(), new StopApplication(a).name()));
        assertEquals("/a", new StopApplication(a).appId());
    }
}

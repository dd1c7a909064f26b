package io.plinth.marathon.plan;

import static io.plinth.marathon.plan.Fixtures.app;
import static io.plinth.marathon.plan.Fixtures.root;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.plan.DeploymentAction.RestartApplication;
import io.plinth.marathon.plan.DeploymentAction.ScaleApplication;
import io.plinth.marathon.plan.DeploymentAction.StartApplication;
import io.plinth.marathon.plan.DeploymentAction.StopApplication;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Random acyclic app sets changed at random: every plan is complete, minimal and ordered. */
class DeploymentPlannerPropertyTest {

    private final DeploymentPlanner planner = new DeploymentPlanner();

    @Property(tries = 500)
    void plansAreCompleteMinimalAndDependencyOrdered(@ForAll @IntRange(min = 1, max = 12) int appCount,
                                                     @ForAll Random random) {
        List<AppDefinition> before = new ArrayList<>();
        List<AppDefinition> after = new ArrayList<>();
        for (int i = 0; i < appCount; i++) {
            String id = "/app" + i;
            List<String> dependencies = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                if (random.nextInt(4) == 0) {
                    dependencies.add("/app" + j);
                }
            }
            String[] deps = dependencies.toArray(String[]::new);
            int fate = random.nextInt(5);
            if (fate != 0) {
                before.add(app(id, "cmd", 1, deps));
            }
            if (fate != 1) {
                after.add(switch (fate) {
                    case 2 -> app(id, "cmd", 3, deps);
                    case 3 -> app(id, "other", 1, deps);
                    default -> app(id, "cmd", 1, deps);
                });
            }
        }
        // Removed apps must not be depended on by kept ones: drop such dependencies in the target.
        List<String> targetIds = after.stream().map(AppDefinition::id).toList();
        after.replaceAll(a -> app(a.id(), a.cmd(), a.instances(),
                a.dependencies().stream().filter(targetIds::contains).toArray(String[]::new)));

        DeploymentPlan plan = planner.plan(root(before.toArray(AppDefinition[]::new)),
                root(after.toArray(AppDefinition[]::new)), "d", "v");

        Map<String, AppDefinition> old = new HashMap<>();
        before.forEach(a -> old.put(a.id(), a));
        Map<String, Integer> orderedStep = new HashMap<>();
        Map<String, Integer> stopStep = new HashMap<>();
        for (int step = 0; step < plan.steps().size(); step++) {
            assertTrue(!plan.steps().get(step).actions().isEmpty());
            for (DeploymentAction action : plan.steps().get(step).actions()) {
                if (action instanceof StopApplication) {
                    stopStep.put(action.appId(), step);
                } else if (!(action instanceof StartApplication)) {
                    assertEquals(null, orderedStep.put(action.appId(), step), "two actions for " + action.appId());
                }
            }
        }
        for (AppDefinition target : after) {
            AppDefinition original = old.get(target.id());
            boolean changed = original == null || !original.equals(target);
            assertEquals(changed, orderedStep.containsKey(target.id()), target.id());
            if (original != null && target.isUpgradeOf(original)) {
                assertTrue(plan.steps().get(orderedStep.get(target.id())).actions()
                        .contains(new RestartApplication(target)));
            } else if (changed) {
                assertTrue(plan.steps().get(orderedStep.get(target.id())).actions()
                        .contains(new ScaleApplication(target, target.instances())));
            }
            for (String dependency : target.dependencies()) {
                if (orderedStep.containsKey(dependency) && orderedStep.containsKey(target.id())) {
                    assertTrue(orderedStep.get(dependency) < orderedStep.get(target.id()),
                            dependency + " before " + target.id());
                }
            }
        }
        for (AppDefinition original : before) {
            assertEquals(!targetIds.contains(original.id()), stopStep.containsKey(original.id()));
            for (String dependency : original.dependencies()) {
                if (stopStep.containsKey(dependency) && stopStep.containsKey(original.id())) {
                    assertTrue(stopStep.get(original.id()) < stopStep.get(dependency));
                }
            }
        }
    }
}

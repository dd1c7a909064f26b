package io.plinth.marathon.plan;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.plan.DeploymentAction.RestartApplication;
import io.plinth.marathon.plan.DeploymentAction.ScaleApplication;
import io.plinth.marathon.plan.DeploymentAction.StartApplication;
import io.plinth.marathon.plan.DeploymentAction.StopApplication;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a change of the root group into a {@link DeploymentPlan}, as Marathon 1.x does
 * ({@code DeploymentPlan.dependencyOrderedSteps}). A pure function of its arguments: stateless,
 * safe to call from any thread. The caller validates the target first (ids, dependencies that name
 * something, no cycles) and picks the deployment id and version.
 *
 * <p>Step order: removed apps are stopped (dependents before what they depend on); new apps are
 * started with no tasks; then, in dependency order, new apps are scaled to their instances and
 * changed apps restarted (definition changed) or scaled (only instances changed). Apps an app
 * depends on get earlier steps; apps at the same dependency level share one. Empty steps are
 * dropped, so an unchanged tree gives an empty plan.
 */
public final class DeploymentPlanner {

    /**
     * @throws IllegalArgumentException when the target (or the removed part of the original) has a
     *                                  dependency cycle; validation should have refused it
     */
    public DeploymentPlan plan(Group original, Group target, String id, String version) {
        return plan(original, GroupTree.apps(original), target, GroupTree.apps(target), id, version);
    }

    /**
     * {@link #plan(Group, Group, String, String)} with the apps of both trees (by id, sorted) already
     * at hand: the caller worked them out anyway.
     */
    public DeploymentPlan plan(Group original, SortedMap<String, AppDefinition> before, Group target,
                               SortedMap<String, AppDefinition> after, String id, String version) {
        // without dependencies every app is at level 0 (the common case: no graph to build)
        Map<String, Integer> targetLevels = GroupTree.hasDependencies(target)
                ? GroupTree.levels(GroupTree.dependencies(target, after), after.keySet()) : null;

        List<DeploymentStep> steps = new ArrayList<>();
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        if (!removed.isEmpty()) {
            // Levels over the reversed graph: an app stops once everything depending on it has.
            Map<String, Integer> stopLevels = GroupTree.levels(
                    GroupTree.dependents(GroupTree.dependencies(original, before)), removed);
            steps.addAll(byLevel(removed, stopLevels,
                    appId -> new StopApplication(before.get(appId))));
        }
        steps.add(new DeploymentStep(after.values().stream()
                .filter(app -> !before.containsKey(app.id()))
                .<DeploymentAction>map(StartApplication::new)
                .toList()));
        steps.addAll(byLevel(after.keySet(), targetLevels,
                appId -> change(before.get(appId), after.get(appId))));
        return new DeploymentPlan(id, version, original, target,
                steps.stream().filter(step -> !step.actions().isEmpty()).toList());
    }

    /**
     * The plan of the "restart app" endpoint: one step replacing all tasks of {@code appId}.
     *
     * @param restarted the app's current definition with a new version
     * @throws IllegalArgumentException when {@code root} has no such app or {@code restarted} has another id
     */
    public DeploymentPlan restart(Group root, String appId, AppDefinition restarted, String id, String version) {
        Objects.requireNonNull(restarted, "restarted");
        if (!GroupTree.apps(root).containsKey(appId)) {
            throw new IllegalArgumentException("no app " + appId);
        }
        if (!restarted.id().equals(appId)) {
            throw new IllegalArgumentException("restarted app " + restarted.id() + " is not " + appId);
        }
        return new DeploymentPlan(id, version, root, GroupTree.replaceApp(root, restarted),
                List.of(new DeploymentStep(List.of(new RestartApplication(restarted)))));
    }

    /** What the dependency-ordered part does to one target app, or null when it is unchanged. */
    private static DeploymentAction change(AppDefinition before, AppDefinition after) {
        if (before == after) {
            return null; // the same definition: an app the change did not touch
        }
        if (before == null) {
            return new ScaleApplication(after, after.instances());
        }
        if (after.isUpgradeOf(before)) {
            return new RestartApplication(after);
        }
        if (after.instances() != before.instances()) {
            return new ScaleApplication(after, after.instances());
        }
        return null;
    }

    /** One step per level (null levels: all at 0), lowest first, actions sorted by app id; null actions left out. */
    private static List<DeploymentStep> byLevel(Set<String> appIds, Map<String, Integer> levels,
                                                Function<String, DeploymentAction> action) {
        SortedMap<Integer, List<DeploymentAction>> steps = new TreeMap<>();
        for (String appId : appIds instanceof SortedSet<String> sorted ? sorted : new TreeSet<>(appIds)) {
            DeploymentAction next = action.apply(appId);
            if (next != null) {
                steps.computeIfAbsent(levels == null ? 0 : levels.get(appId), level -> new ArrayList<>()).add(next);
            }
        }
        return steps.values().stream().map(DeploymentStep::new).toList();
    }
}

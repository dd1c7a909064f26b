package io.plinth.marathon.plan;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/** Pure helpers over a group tree: the flat app view and the app dependency graph. */
final class GroupTree {

    private GroupTree() {
    }

    /** All apps of the tree by id, sorted by id. */
    static SortedMap<String, AppDefinition> apps(Group root) {
        SortedMap<String, AppDefinition> apps = new TreeMap<>();
        collectApps(root, apps);
        return apps;
    }

    private static void collectApps(Group group, Map<String, AppDefinition> into) {
        group.apps().forEach(app -> into.put(app.id(), app));
        group.groups().forEach(child -> collectApps(child, into));
    }

    /**
     * For each app, the ids of the apps it must come after: its own dependencies plus those of all
     * its enclosing groups, a group id standing for every app below that group. Ids naming nothing
     * are skipped (validation reports them, not the planner). An app inside a group it depends on
     * does not depend on itself through that group; an app naming itself does, and is a cycle.
     */
    static Map<String, Set<String>> dependencies(Group root) {
        return dependencies(root, apps(root));
    }

    /** {@link #dependencies(Group)} with the tree's apps already at hand. */
    static Map<String, Set<String>> dependencies(Group root, Map<String, AppDefinition> apps) {
        if (!hasDependencies(root)) { // the common case: no group membership to work out
            Map<String, Set<String>> none = new HashMap<>();
            apps.keySet().forEach(id -> none.put(id, Set.of()));
            return none;
        }
        Map<String, Set<String>> appsBelowGroup = new HashMap<>();
        collectGroupApps(root, appsBelowGroup);
        Map<String, Set<String>> dependencies = new HashMap<>();
        collectDependencies(root, List.of(), apps, appsBelowGroup, dependencies);
        return dependencies;
    }

    /** Whether any group or app of the tree names a dependency. */
    static boolean hasDependencies(Group group) {
        return !group.dependencies().isEmpty() || group.apps().stream().anyMatch(a -> !a.dependencies().isEmpty())
                || group.groups().stream().anyMatch(GroupTree::hasDependencies);
    }

    private static Set<String> collectGroupApps(Group group, Map<String, Set<String>> into) {
        Set<String> below = new TreeSet<>();
        group.apps().forEach(app -> below.add(app.id()));
        group.groups().forEach(child -> below.addAll(collectGroupApps(child, into)));
        into.put(normalize(group.id()), below);
        return below;
    }

    private static void collectDependencies(Group group, List<String> inherited, Map<String, AppDefinition> apps,
                                            Map<String, Set<String>> appsBelowGroup, Map<String, Set<String>> into) {
        List<String> groupLevel = new ArrayList<>(inherited);
        groupLevel.addAll(group.dependencies());
        for (AppDefinition app : group.apps()) {
            Set<String> resolved = new TreeSet<>();
            for (String dependency : groupLevel) {
                resolve(normalize(dependency), app.id(), apps, appsBelowGroup, resolved);
            }
            for (String dependency : app.dependencies()) {
                resolve(normalize(dependency), app.id(), apps, appsBelowGroup, resolved);
            }
            into.put(app.id(), resolved);
        }
        group.groups().forEach(child -> collectDependencies(child, groupLevel, apps, appsBelowGroup, into));
    }

    private static void resolve(String id, String dependent, Map<String, AppDefinition> apps,
                                Map<String, Set<String>> appsBelowGroup, Set<String> into) {
        if (apps.containsKey(id)) {
            into.add(id);
        } else {
            appsBelowGroup.getOrDefault(id, Set.of()).stream()
                    .filter(member -> !member.equals(dependent))
                    .forEach(into::add);
        }
    }

    private static String normalize(String id) {
        return id.length() > 1 && id.endsWith("/") ? id.substring(0, id.length() - 1) : id;
    }

    /**
     * The dependency level of each of {@code nodes}, counting only edges between them: 0 without
     * dependencies, else one more than the highest level among its dependencies (the longest path
     * to a node without dependencies, as Marathon orders its steps).
     *
     * @throws IllegalArgumentException naming the apps on or behind a cycle
     */
    static Map<String, Integer> levels(Map<String, Set<String>> dependencies, Set<String> nodes) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (String node : nodes) {
            int count = 0;
            for (String dependency : dependencies.getOrDefault(node, Set.of())) {
                if (nodes.contains(dependency)) {
                    count++;
                    dependents.computeIfAbsent(dependency, key -> new ArrayList<>()).add(node);
                }
            }
            pending.put(node, count);
        }
        Map<String, Integer> levels = new HashMap<>();
        Map<String, Integer> levelSoFar = new HashMap<>();
        Deque<String> ready = new ArrayDeque<>();
        pending.forEach((node, count) -> {
            if (count == 0) {
                ready.add(node);
                levels.put(node, 0);
            }
        });
        while (!ready.isEmpty()) {
            String node = ready.poll();
            int level = levels.get(node);
            for (String dependent : dependents.getOrDefault(node, List.of())) {
                levelSoFar.merge(dependent, level + 1, Math::max);
                if (pending.merge(dependent, -1, Integer::sum) == 0) {
                    ready.add(dependent);
                    levels.put(dependent, levelSoFar.get(dependent));
                }
            }
        }
        if (levels.size() < nodes.size()) {
            Set<String> cyclic = new TreeSet<>(nodes);
            cyclic.removeAll(levels.keySet());
            throw new IllegalArgumentException("dependency cycle among " + cyclic);
        }
        return levels;
    }

    /** The same graph with every edge turned round: for each app, the apps that depend on it. */
    static Map<String, Set<String>> dependents(Map<String, Set<String>> dependencies) {
        Map<String, Set<String>> dependents = new HashMap<>();
        dependencies.forEach((app, needs) -> needs.forEach(
                need -> dependents.computeIfAbsent(need, key -> new TreeSet<>()).add(app)));
        return dependents;
    }

    /** The tree with the app of the same id replaced by {@code app}; group versions unchanged. */
    static Group replaceApp(Group group, AppDefinition app) {
        return new Group(group.id(),
                group.apps().stream().map(existing -> existing.id().equals(app.id()) ? app : existing).toList(),
                group.groups().stream().map(child -> replaceApp(child, app)).toList(),
                group.dependencies(), group.version());
    }
}

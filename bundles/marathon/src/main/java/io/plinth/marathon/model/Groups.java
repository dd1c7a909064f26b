package io.plinth.marathon.model;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.PortDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Pure operations on the immutable group tree: lookups, changes that return a new root (members kept
 * sorted by id, missing intermediate groups created with their parent's version), and the checks that
 * span the whole tree. Callable from any thread.
 */
public final class Groups {

    private static final Comparator<AppDefinition> APP_ORDER = Comparator.comparing(AppDefinition::id);
    private static final Comparator<Group> GROUP_ORDER = Comparator.comparing(Group::id);

    private Groups() {
    }

    /** Every app of the tree, by id in id order. */
    public static SortedMap<String, AppDefinition> apps(Group root) {
        SortedMap<String, AppDefinition> apps = new TreeMap<>();
        collectApps(root, apps);
        return apps;
    }

    private static void collectApps(Group group, Map<String, AppDefinition> apps) {
        group.apps().forEach(app -> apps.put(app.id(), app));
        group.groups().forEach(child -> collectApps(child, apps));
    }

    private static void collectGroups(Group group, Map<String, Group> groups) {
        groups.put(group.id(), group);
        group.groups().forEach(child -> collectGroups(child, groups));
    }

    /** The group of that id (relative ids are taken against the root). */
    public static Optional<Group> find(Group root, String id) {
        String target = PathIds.canonical(id, Group.ROOT);
        Group group = root;
        while (!group.id().equals(target)) {
            Optional<Group> next = group.groups().stream()
                    .filter(child -> child.id().equals(target) || PathIds.isAncestor(child.id(), target))
                    .findFirst();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            group = next.get();
        }
        return Optional.of(group);
    }

    /** The app of that id. */
    public static Optional<AppDefinition> app(Group root, String id) {
        String target = PathIds.canonical(id, Group.ROOT);
        return find(root, PathIds.parent(target))
                .flatMap(group -> group.apps().stream().filter(app -> app.id().equals(target)).findFirst());
    }

    /** The tree with these apps added or replaced (by id), creating the groups that hold them. */
    public static Group putApps(Group root, Collection<AppDefinition> apps) {
        // one update per group, not per app: a thousand apps into one group cost one sort, not a thousand
        Map<String, Map<String, AppDefinition>> byGroup = new LinkedHashMap<>();
        for (AppDefinition app : apps) {
            byGroup.computeIfAbsent(PathIds.parent(app.id()), g -> new LinkedHashMap<>()).put(app.id(), app);
        }
        Group result = root;
        for (Map.Entry<String, Map<String, AppDefinition>> entry : byGroup.entrySet()) {
            Map<String, AppDefinition> added = entry.getValue();
            result = update(result, entry.getKey(), group -> {
                List<AppDefinition> members = new ArrayList<>(group.apps());
                members.removeIf(member -> added.containsKey(member.id()));
                members.addAll(added.values());
                members.sort(APP_ORDER);
                return new Group(group.id(), members, group.groups(), group.dependencies(), group.version());
            });
        }
        return result;
    }

    /** The tree without these apps; groups left empty stay. Unknown ids are ignored. */
    public static Group removeApps(Group root, Collection<String> ids) {
        Group result = root;
        for (String id : ids) {
            String target = PathIds.canonical(id, Group.ROOT);
            if (app(result, target).isPresent()) {
                result = update(result, PathIds.parent(target), group -> new Group(group.id(),
                        group.apps().stream().filter(app -> !app.id().equals(target)).toList(), group.groups(),
                        group.dependencies(), group.version()));
            }
        }
        return result;
    }

    /** The tree with the subtree at {@code group.id()} replaced by {@code group}, creating its ancestors. */
    public static Group putGroup(Group root, Group group) {
        if (group.id().equals(root.id())) {
            return group;
        }
        return update(root, PathIds.parent(group.id()), parent -> {
            List<Group> members = new ArrayList<>(parent.groups());
            members.removeIf(member -> member.id().equals(group.id()));
            members.add(group);
            members.sort(GROUP_ORDER);
            return new Group(parent.id(), parent.apps(), members, parent.dependencies(), parent.version());
        });
    }

    /** The tree without the group of that id and all beneath it; removing the root empties it. */
    public static Group removeGroup(Group root, String id) {
        String target = PathIds.canonical(id, Group.ROOT);
        if (target.equals(root.id())) {
            return new Group(root.id(), List.of(), List.of(), List.of(), root.version());
        }
        if (find(root, target).isEmpty()) {
            return root;
        }
        return update(root, PathIds.parent(target), parent -> new Group(parent.id(), parent.apps(),
                parent.groups().stream().filter(child -> !child.id().equals(target)).toList(),
                parent.dependencies(), parent.version()));
    }

    /** {@code g} with its own version set (its members keep theirs). */
    public static Group withVersion(Group g, String version) {
        return new Group(g.id(), g.apps(), g.groups(), g.dependencies(), version);
    }

    /** Applies {@code change} to the group at {@code targetId} (created if missing) and rebuilds the path up. */
    private static Group update(Group group, String targetId, UnaryOperator<Group> change) {
        if (group.id().equals(targetId)) {
            return change.apply(group);
        }
        String prefix = group.id().equals(Group.ROOT) ? Group.ROOT : group.id() + "/";
        String childId = prefix + targetId.substring(prefix.length()).split("/")[0];
        Group child = group.groups().stream().filter(member -> member.id().equals(childId)).findFirst()
                .orElse(new Group(childId, List.of(), List.of(), List.of(), group.version()));
        Group changed = update(child, targetId, change);
        List<Group> members = new ArrayList<>(group.groups());
        members.removeIf(member -> member.id().equals(childId));
        members.add(changed);
        members.sort(GROUP_ORDER);
        return new Group(group.id(), group.apps(), members, group.dependencies(), group.version());
    }

    /**
     * The problems of a whole tree that no single app shows: an id used by both an app and a group, a
     * dependency on nothing, a dependency cycle (a group's dependencies count for all apps beneath it,
     * a dependency on a group for all apps beneath that), a non-zero service port used twice.
     */
    public static List<Violation> validateRoot(Group root) {
        return validateRoot(root, apps(root));
    }

    /** {@link #validateRoot(Group)} with the tree's {@link #apps} already at hand. */
    public static List<Violation> validateRoot(Group root, Map<String, AppDefinition> apps) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Group> groups = new TreeMap<>();
        collectGroups(root, groups);

        for (String id : apps.keySet()) {
            if (groups.containsKey(id)) {
                violations.add(new Violation("/id", id + " is both an app and a group"));
            }
        }
        for (AppDefinition app : apps.values()) {
            for (String dependency : app.dependencies()) {
                if (!apps.containsKey(dependency) && !groups.containsKey(dependency)) {
                    violations.add(new Violation("/dependencies",
                            "app " + app.id() + " depends on " + dependency + ", which does not exist"));
                }
            }
        }
        for (Group group : groups.values()) {
            for (String dependency : group.dependencies()) {
                if (!apps.containsKey(dependency) && !groups.containsKey(dependency)) {
                    violations.add(new Violation("/dependencies",
                            "group " + group.id() + " depends on " + dependency + ", which does not exist"));
                }
            }
        }
        boolean dependencies = apps.values().stream().anyMatch(a -> !a.dependencies().isEmpty())
                || groups.values().stream().anyMatch(g -> !g.dependencies().isEmpty());
        if (dependencies) { // without any, no cycle: the common case, and the graph costs apps x groups
            findCycle(dependencyGraph(apps, groups)).ifPresent(cycle -> violations.add(new Violation("/dependencies",
                    "dependency cycle: " + String.join(" -> ", cycle))));
        }

        Map<Integer, String> owners = new HashMap<>();
        for (AppDefinition app : apps.values()) {
            for (PortDefinition definition : app.portDefinitions()) {
                if (definition.port() == 0) {
                    continue;
                }
                String owner = owners.putIfAbsent(definition.port(), app.id());
                if (owner != null && !owner.equals(app.id())) {
                    violations.add(new Violation("/portDefinitions", "service port " + definition.port()
                            + " is used by both " + owner + " and " + app.id()));
                }
            }
        }
        return violations;
    }

    /** App id -> the apps it must wait for. */
    private static Map<String, Set<String>> dependencyGraph(Map<String, AppDefinition> apps, Map<String, Group> groups) {
        Map<String, Set<String>> graph = new TreeMap<>();
        for (AppDefinition app : apps.values()) {
            List<String> dependencies = new ArrayList<>(app.dependencies());
            for (Group group : groups.values()) {
                if (PathIds.isAncestor(group.id(), app.id())) {
                    dependencies.addAll(group.dependencies());
                }
            }
            Set<String> targets = new TreeSet<>();
            for (String dependency : dependencies) {
                if (apps.containsKey(dependency)) {
                    targets.add(dependency);
                } else if (groups.containsKey(dependency)) {
                    apps.keySet().stream().filter(id -> PathIds.isAncestor(dependency, id)).forEach(targets::add);
                }
            }
            graph.put(app.id(), targets);
        }
        return graph;
    }

    /** The first cycle in id order, as its ids with the first repeated at the end. */
    private static Optional<List<String>> findCycle(Map<String, Set<String>> graph) {
        Set<String> done = new HashSet<>();
        for (String start : graph.keySet()) {
            Optional<List<String>> cycle = findCycle(graph, start, new LinkedHashSet<>(), done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> findCycle(Map<String, Set<String>> graph, String node,
                                                    LinkedHashSet<String> path, Set<String> done) {
        if (path.contains(node)) {
            List<String> cycle = new ArrayList<>();
            boolean inCycle = false;
            for (String member : path) {
                inCycle |= member.equals(node);
                if (inCycle) {
                    cycle.add(member);
                }
            }
            cycle.add(node);
            return Optional.of(cycle);
        }
        if (done.contains(node)) {
            return Optional.empty();
        }
        path.add(node);
        for (String next : graph.getOrDefault(node, Set.of())) {
            Optional<List<String>> cycle = findCycle(graph, next, path, done);
            if (cycle.isPresent()) {
                return cycle;
            }
        }
        path.remove(node);
        done.add(node);
        return Optional.empty();
    }
}

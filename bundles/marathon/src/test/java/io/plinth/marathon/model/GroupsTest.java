package io.plinth.marathon.model;

import static io.plinth.marathon.model.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GroupsTest {

    private static final Group EMPTY = new Group("/", null, null, null, "v0");

    static AppDefinition app(String id, String extra) {
        Parsed<AppDefinition> parsed = Fixtures.appParser()
                .parse(json("{'id':'" + id + "','cmd':'x'" + extra + "}"), "/", null, false);
        assertTrue(parsed.ok(), parsed.violations()::toString);
        return parsed.value();
    }

    static AppDefinition app(String id) {
        return app(id, "");
    }

    @Test
    void putAppsCreatesIntermediateGroupsSorted() {
        Group root = Groups.putApps(EMPTY, List.of(app("/b/c/x"), app("/a"), app("/b/y"), app("/b/c/w")));
        assertEquals(List.of("/a", "/b/c/w", "/b/c/x", "/b/y"), List.copyOf(Groups.apps(root).keySet()));
        Group b = Groups.find(root, "/b").orElseThrow();
        assertEquals("v0", b.version());
        assertEquals(List.of("/b/c"), b.groups().stream().map(Group::id).toList());
        assertEquals(List.of("/b/c/w", "/b/c/x"),
                Groups.find(root, "b/c").orElseThrow().apps().stream().map(AppDefinition::id).toList());
        assertEquals(Optional.of(app("/b/y")), Groups.app(root, "/b/y"));
        assertEquals(Optional.empty(), Groups.app(root, "/b/c"));
        assertEquals(Optional.empty(), Groups.find(root, "/b/y"));
        assertEquals(Optional.of(root), Groups.find(root, "/"));
    }

    @Test
    void putAppsReplacesById() {
        Group root = Groups.putApps(EMPTY, List.of(app("/a/x")));
        root = Groups.putApps(root, List.of(app("/a/x").withInstances(5)));
        assertEquals(5, Groups.app(root, "/a/x").orElseThrow().instances());
        assertEquals(1, Groups.apps(root).size());
    }

    @Test
    void removeAppsKeepsEmptyGroups() {
        Group root = Groups.putApps(EMPTY, List.of(app("/a/x"), app("/a/y")));
        Group removed = Groups.removeApps(root, List.of("/a/x", "/a/y", "/nope"));
        assertEquals(0, Groups.apps(removed).size());
        assertTrue(Groups.find(removed, "/a").isPresent());
        assertEquals(root, Groups.removeApps(root, List.of("/zz/q")));
    }

    @Test
    void putAndRemoveGroups() {
        Group root = Groups.putApps(EMPTY, List.of(app("/p/old"), app("/q")));
        Group replacement = Groups.putApps(new Group("/p", null, null, null, null), List.of(app("/p/new")));
        Group put = Groups.putGroup(root, replacement);
        assertEquals(List.of("/p/new", "/q"), List.copyOf(Groups.apps(put).keySet()));
        Group deep = Groups.putGroup(root, new Group("/x/y/z", null, null, null, null));
        assertEquals(List.of("/x/y/z"), Groups.find(deep, "/x/y").orElseThrow().groups().stream().map(Group::id).toList());
        Group removed = Groups.removeGroup(put, "/p");
        assertEquals(List.of("/q"), List.copyOf(Groups.apps(removed).keySet()));
        assertTrue(Groups.find(removed, "/p").isEmpty());
        assertEquals(new Group("/", null, null, null, "v0"), Groups.removeGroup(put, "/"));
        assertEquals(put, Groups.removeGroup(put, "/nope"));
        assertEquals("v9", Groups.withVersion(put, "v9").version());
        assertEquals(Groups.apps(put), Groups.apps(Groups.withVersion(put, "v9")));
        assertEquals(replacement, Groups.putGroup(replacement, replacement));
    }

    @Test
    void validRootHasNoViolations() {
        Group root = Groups.putApps(EMPTY, List.of(app("/db", ",'portDefinitions':[{'port':10000}]"),
                app("/web", ",'dependencies':['/db'],'portDefinitions':[{'port':10001}]")));
        root = Groups.putGroup(root, new Group("/jobs", List.of(app("/jobs/a")), null, List.of("/web"), null));
        assertEquals(List.of(), Groups.validateRoot(root));
    }

    @Test
    void missingDependencyIsNamed() {
        Group root = Groups.putApps(EMPTY, List.of(app("/web", ",'dependencies':['/db']")));
        root = Groups.putGroup(root, new Group("/g", null, null, List.of("/gone"), null));
        List<Violation> violations = Groups.validateRoot(root);
        assertEquals(2, violations.size());
        assertEquals("/dependencies", violations.get(0).path());
        assertTrue(violations.get(0).message().contains("/web") && violations.get(0).message().contains("/db"));
        assertTrue(violations.get(1).message().contains("/gone"));
    }

    @Test
    void cyclesAreNamed() {
        Group root = Groups.putApps(EMPTY, List.of(app("/a", ",'dependencies':['/b']"),
                app("/b", ",'dependencies':['/g']"), app("/g/c", ",'dependencies':['/a']")));
        assertEquals(List.of(new Violation("/dependencies", "dependency cycle: /a -> /b -> /g/c -> /a")),
                Groups.validateRoot(root));

        Group viaGroup = Groups.putGroup(Groups.putApps(EMPTY, List.of(app("/x", ",'dependencies':['/g']"))),
                new Group("/g", List.of(app("/g/y")), null, List.of("/x"), null));
        List<Violation> violations = Groups.validateRoot(viaGroup);
        assertEquals(1, violations.size());
        assertEquals("dependency cycle: /g/y -> /x -> /g/y", violations.get(0).message());
    }

    @Test
    void duplicateServicePortsAndIdClashes() {
        Group root = Groups.putApps(EMPTY, List.of(app("/a", ",'portDefinitions':[{'port':10005}]"),
                app("/b", ",'portDefinitions':[{'port':0},{'port':10005}]")));
        assertEquals(List.of(new Violation("/portDefinitions", "service port 10005 is used by both /a and /b")),
                Groups.validateRoot(root));

        Group clash = Groups.putApps(Groups.putApps(EMPTY, List.of(app("/a/b"))), List.of(app("/a")));
        assertEquals(List.of(new Violation("/id", "/a is both an app and a group")), Groups.validateRoot(clash));
    }
}

package io.plinth.marathon.model;

import static io.plinth.marathon.model.Fixtures.json;
import static io.plinth.marathon.model.Fixtures.paths;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupParserTest {

    private final GroupParser parser = new GroupParser(Fixtures.appParser());

    @Test
    void nestedRelativeIdsResolveAgainstTheirGroups() {
        Parsed<Group> parsed = parser.parse(json("{'id':'prod','dependencies':['../infra'],"
                + "'apps':[{'id':'web','cmd':'x','dependencies':['db/pg']},{'id':'/prod/api','cmd':'y'}],"
                + "'groups':[{'id':'db','apps':[{'id':'pg','cmd':'z'}],'groups':[{'id':'./cache'}]}]}"), "/", null);
        assertTrue(parsed.ok(), () -> parsed.violations().toString());
        Group prod = parsed.value();
        assertEquals("/prod", prod.id());
        assertEquals(List.of("/infra"), prod.dependencies());
        assertEquals(List.of("/prod/api", "/prod/web"), prod.apps().stream().map(AppDefinition::id).toList());
        assertEquals(List.of("/prod/db/pg"), prod.apps().get(1).dependencies());
        Group db = prod.groups().get(0);
        assertEquals("/prod/db", db.id());
        assertEquals("/prod/db/pg", db.apps().get(0).id());
        assertEquals("/prod/db/cache", db.groups().get(0).id());
        assertNull(prod.version());
    }

    @Test
    void idDefaultsToThePathAndRelativeIdsUseThePathsParent() {
        assertEquals("/prod/web", parser.parse(json("{'apps':[]}"), "/prod/web", null).value().id());
        assertEquals("/prod/api", parser.parse(json("{'id':'api'}"), "/prod/web", null).value().id());
        assertEquals("/", parser.parse(json("{'apps':[{'id':'a','cmd':'x'}]}"), "/", null).value().id());
    }

    @Test
    void violationsCarryTheMemberPath() {
        Parsed<Group> parsed = parser.parse(json("{'id':'/prod','apps':[{'id':'a','cmd':'x','mem':-1}],"
                + "'groups':[{'id':'b'},{'id':'c','apps':[{'id':'ok','cmd':'x'},{'id':'Bad','cmd':'x'}]}]}"), "/", null);
        assertEquals(List.of("/apps(0)/mem", "/groups(1)/apps(1)/id"), paths(parsed));
        assertEquals(List.of("/apps(0)"), paths(parser.parse(json("{'apps':[{'id':'a'}]}"), "/p", null)));
    }

    @Test
    void membersMustLieDirectlyInTheirGroup() {
        assertEquals(List.of("/apps(0)/id"),
                paths(parser.parse(json("{'id':'/prod','apps':[{'id':'/other/a','cmd':'x'}]}"), "/", null)));
        assertEquals(List.of("/apps(0)/id"),
                paths(parser.parse(json("{'id':'/prod','apps':[{'id':'x/a','cmd':'x'}]}"), "/", null)));
        assertEquals(List.of("/groups(0)/id"),
                paths(parser.parse(json("{'id':'/prod','groups':[{'id':'../elsewhere'}]}"), "/", null)));
        assertEquals(List.of("/apps(1)/id"),
                paths(parser.parse(json("{'id':'/p','apps':[{'id':'a','cmd':'x'},{'id':'a','cmd':'y'}]}"), "/", null)));
        assertEquals(List.of("/groups(0)/id"),
                paths(parser.parse(json("{'id':'/p','groups':[{'apps':[]}]}"), "/", null)));
    }

    @Test
    void malformedGroupsAreViolations() {
        assertEquals(List.of("/apps"), paths(parser.parse(json("{'apps':5}"), "/p", null)));
        assertEquals(List.of("/groups(0)"), paths(parser.parse(json("{'groups':['x']}"), "/p", null)));
        assertEquals(List.of("/dependencies(0)"), paths(parser.parse(json("{'dependencies':[3]}"), "/p", null)));
        assertEquals(List.of("/pods"), paths(parser.parse(json("{'pods':[{'id':'x'}]}"), "/p", null)));
        assertEquals(List.of("/"), paths(parser.parse(json("[]"), "/p", null)));
        assertEquals(List.of("/id"), paths(parser.parse(json("{'id':'Bad'}"), "/", null)));
    }

    @Test
    void storedVersionsAreKept() {
        AppDefinition stored = GroupsTest.app("/p/a").withVersion("v1", new AppDefinition.VersionInfo("s", "c"));
        Group current = Groups.putApps(new Group("/p", null, null, null, "g1"), List.of(stored));
        Group parsed = parser.parse(json("{'apps':[{'id':'a','cmd':'y'}]}"), "/p", current).value();
        assertEquals("g1", parsed.version());
        assertEquals("v1", parsed.apps().get(0).version());
        assertEquals("y", parsed.apps().get(0).cmd());
    }
}

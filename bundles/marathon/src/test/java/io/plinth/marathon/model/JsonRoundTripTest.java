package io.plinth.marathon.model;

import static io.plinth.marathon.model.Fixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store writes values with a default mapper and reads them back; GET bodies are PUT back by clients. */
class JsonRoundTripTest {

    private final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static AppDefinition richApp() {
        return Fixtures.appParser().parse(json("{'id':'/p/web','args':['a','b'],'env':{'A':'1'},'instances':2,"
                + "'constraints':[['hostname','UNIQUE']],'uris':['http://x/y.tgz'],'portDefinitions':[{'port':10000,"
                + "'name':'http','labels':{'l':'v'}},{'port':10001,'protocol':'udp'}],'healthChecks':[{'path':'/h'},"
                + "{'protocol':'COMMAND','command':{'value':'true'}},{'protocol':'TCP','port':9}],'dependencies':['/db'],"
                + "'labels':{'k':'v'},'acceptedResourceRoles':['*'],'taskKillGracePeriodSeconds':3,"
                + "'unreachableStrategy':{'inactiveAfterSeconds':5,'expungeAfterSeconds':6}}"), "/", null, false).value()
                .withVersion("2024-01-01T00:00:00Z",
                        new AppDefinition.VersionInfo("2024-01-01T00:00:00Z", "2023-12-31T00:00:00Z"));
    }

    @Test
    void appRoundTrips() throws Exception {
        for (AppDefinition app : List.of(richApp(), GroupsTest.app("/a"))) {
            assertEquals(app, mapper.readValue(mapper.writeValueAsString(app), AppDefinition.class));
        }
    }

    @Test
    void groupRoundTrips() throws Exception {
        Group root = Groups.withVersion(Groups.putApps(new Group("/", null, null, List.of("/q"), null),
                List.of(richApp(), GroupsTest.app("/q"))), "v1");
        assertEquals(root, mapper.readValue(mapper.writeValueAsString(root), Group.class));
    }

    @Test
    void writtenAppParsesBackToTheSameApp() throws Exception {
        AppDefinition app = richApp();
        Parsed<AppDefinition> reparsed = Fixtures.appParser()
                .parse(mapper.readTree(mapper.writeValueAsString(app)), "/", app, false);
        assertEquals(List.of(), reparsed.violations());
        assertEquals(app, reparsed.value());
    }

    @Test
    void writtenGroupParsesBackToTheSameGroup() throws Exception {
        Group group = Groups.putApps(new Group("/p", null, null, null, null), List.of(richApp()));
        Parsed<Group> reparsed = new GroupParser(Fixtures.appParser())
                .parse(mapper.readTree(mapper.writeValueAsString(group)), "/p", group);
        assertEquals(List.of(), reparsed.violations());
        assertEquals(group, reparsed.value());
    }
}

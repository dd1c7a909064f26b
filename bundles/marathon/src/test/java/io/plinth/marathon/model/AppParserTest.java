package io.plinth.marathon.model;

import static io.plinth.marathon.model.Fixtures.json;
import static io.plinth.marathon.model.Fixtures.paths;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.FetchUri;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.PortDefinition;
import io.plinth.marathon.api.UnreachableStrategy;
import io.plinth.marathon.api.UpgradeStrategy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppParserTest {

    private final AppParser parser = Fixtures.appParser();

    private AppDefinition ok(String text) {
        Parsed<AppDefinition> parsed = parser.parse(json(text), "/", null, false);
        assertTrue(parsed.ok(), () -> parsed.violations().toString());
        return parsed.value();
    }

    private Parsed<AppDefinition> bad(String text) {
        Parsed<AppDefinition> parsed = parser.parse(json(text), "/", null, false);
        assertFalse(parsed.ok(), "expected violations for " + text);
        assertNull(parsed.value());
        return parsed;
    }

    /** Marathon's documented defaults (AppDefinition.scala / the v2 apps RAML). */
    @Test
    void minimalAppGetsMarathonsDefaults() {
        AppDefinition app = ok("{'id':'/a','cmd':'sleep 1'}");
        assertEquals("/a", app.id());
        assertEquals("sleep 1", app.cmd());
        assertNull(app.args());
        assertNull(app.user());
        assertEquals(Map.of(), app.env());
        assertEquals(1, app.instances());
        assertEquals(1.0, app.cpus());
        assertEquals(128.0, app.mem());
        assertEquals(0.0, app.disk());
        assertEquals(0.0, app.gpus());
        assertEquals(List.of(), app.constraints());
        assertEquals(List.of(), app.fetch());
        assertEquals(List.of(new PortDefinition(0, "tcp", null, Map.of())), app.portDefinitions());
        assertFalse(app.requirePorts());
        assertEquals(List.of(), app.healthChecks());
        assertEquals(List.of(), app.dependencies());
        assertEquals(new UpgradeStrategy(1.0, 1.0), app.upgradeStrategy());
        assertEquals(1.0, app.backoffSeconds());
        assertEquals(1.15, app.backoffFactor());
        assertEquals(3600.0, app.maxLaunchDelaySeconds());
        assertEquals(Map.of(), app.labels());
        assertNull(app.acceptedResourceRoles());
        assertNull(app.taskKillGracePeriodSeconds());
        assertEquals("YOUNGEST_FIRST", app.killSelection());
        assertEquals(UnreachableStrategy.DEFAULT, app.unreachableStrategy());
        assertNull(app.version());
        assertNull(app.versionInfo());
    }

    @Test
    void nullMembersTakeDefaultsAndUnknownOnesAreIgnored() {
        AppDefinition app = ok("{'id':'a','cmd':'x','args':null,'instances':null,'cpus':null,'portDefinitions':null,"
                + "'tasksRunning':3,'deployments':[],'version':'2020-01-01T00:00:00Z','tasks':[{'id':'t'}],"
                + "'container':null,'ipAddress':null,'residency':null,'secrets':{}}");
        assertEquals(ok("{'id':'/a','cmd':'x'}"), app);
    }

    @Test
    void fullAppKeepsEveryField() {
        AppDefinition app = ok("{'id':'web','args':['/bin/server','--port','$PORT0'],'user':'nobody',"
                + "'env':{'A':'1'},'instances':3,'cpus':0.5,'mem':64,'disk':10,'constraints':[['hostname','unique']],"
                + "'fetch':[{'uri':'http://x/a.tgz','extract':false,'executable':true,'cache':true,'destPath':'b'}],"
                + "'portDefinitions':[{'port':8080,'protocol':'udp,tcp','name':'http','labels':{'l':'v'}}],"
                + "'requirePorts':true,'healthChecks':[{'protocol':'TCP','portIndex':0,'intervalSeconds':10,"
                + "'timeoutSeconds':5}],'dependencies':['db'],'upgradeStrategy':{'minimumHealthCapacity':0.5},"
                + "'backoffSeconds':2,'backoffFactor':2,'maxLaunchDelaySeconds':60,'labels':{'k':'v'},"
                + "'acceptedResourceRoles':['*'],'taskKillGracePeriodSeconds':5,'killSelection':'OLDEST_FIRST',"
                + "'unreachableStrategy':{'inactiveAfterSeconds':10,'expungeAfterSeconds':20}}");
        assertEquals("/web", app.id());
        assertEquals(List.of("/bin/server", "--port", "$PORT0"), app.args());
        assertNull(app.cmd());
        assertEquals("nobody", app.user());
        assertEquals(3, app.instances());
        assertEquals(List.of(List.of("hostname", "UNIQUE")), app.constraints());
        assertEquals(List.of(new FetchUri("http://x/a.tgz", false, true, true, "b")), app.fetch());
        assertEquals(List.of(new PortDefinition(8080, "udp,tcp", "http", Map.of("l", "v"))), app.portDefinitions());
        assertTrue(app.requirePorts());
        assertEquals(List.of(new HealthCheck("TCP", null, 0, null, null, 300, 10, 5, 3, false, 15)), app.healthChecks());
        assertEquals(List.of("/db"), app.dependencies());
        assertEquals(new UpgradeStrategy(0.5, 1.0), app.upgradeStrategy());
        assertEquals(2.0, app.backoffFactor());
        assertEquals(List.of("*"), app.acceptedResourceRoles());
        assertEquals(5, app.taskKillGracePeriodSeconds());
        assertEquals("OLDEST_FIRST", app.killSelection());
        assertEquals(new UnreachableStrategy(10, 20), app.unreachableStrategy());
    }

    @Test
    void relativeIdsAndDependenciesResolve() {
        Parsed<AppDefinition> parsed = parser.parse(json("{'id':'web','cmd':'x','dependencies':['db','../shared/q']}"),
                "/prod", null, false);
        assertEquals("/prod/web", parsed.value().id());
        assertEquals(List.of("/prod/db", "/shared/q"), parsed.value().dependencies());
    }

    @Test
    void idComesFromCurrentWhenAbsent() {
        AppDefinition current = ok("{'id':'/a/b','cmd':'x'}").withVersion("v1", new AppDefinition.VersionInfo("s", "c"));
        Parsed<AppDefinition> parsed = parser.parse(json("{'cmd':'y'}"), "/", current, false);
        assertEquals("/a/b", parsed.value().id());
        assertEquals("v1", parsed.value().version());
        assertEquals(new AppDefinition.VersionInfo("s", "c"), parsed.value().versionInfo());
        assertEquals(List.of("/id"), paths(bad("{'cmd':'y'}")));
    }

    @Test
    void partialUpdateChangesOnlyGivenFields() {
        AppDefinition current = ok("{'id':'/a','cmd':'x','instances':4,'mem':256,'env':{'A':'1'},"
                + "'portDefinitions':[{'port':10001}],'labels':{'k':'v'},'healthChecks':[{}]}").withVersion("v1", null);
        AppDefinition app = parser.parse(json("{'instances':2,'cpus':0.25,'version':'ignored','user':null}"), "/",
                current, true).value();
        assertEquals(2, app.instances());
        assertEquals(0.25, app.cpus());
        assertEquals(256.0, app.mem());
        assertEquals(Map.of("A", "1"), app.env());
        assertEquals(List.of(10001), app.ports());
        assertEquals(current.healthChecks(), app.healthChecks());
        assertEquals("v1", app.version());
        AppDefinition cpusBack = parser.parse(json("{'cpus':1}"), "/", app, true).value();
        assertEquals(current.withInstances(2), cpusBack);
    }

    @Test
    void partialUpdateWithArgsReplacesCmd() {
        AppDefinition current = ok("{'id':'/a','cmd':'x'}");
        AppDefinition app = parser.parse(json("{'args':['y']}"), "/", current, true).value();
        assertNull(app.cmd());
        assertEquals(List.of("y"), app.args());
    }

    @Test
    void fullUpdateResetsLeftOutFieldsToDefaults() {
        AppDefinition current = ok("{'id':'/a','cmd':'x','instances':4,'mem':256}");
        AppDefinition app = parser.parse(json("{'cmd':'x'}"), "/", current, false).value();
        assertEquals(1, app.instances());
        assertEquals(128.0, app.mem());
    }

    @Test
    void legacyPortsAndUris() {
        AppDefinition app = ok("{'id':'/a','cmd':'x','ports':[0,8080],'uris':['http://h/f.tgz']}");
        assertEquals(List.of(new PortDefinition(0, "tcp", null, Map.of()), new PortDefinition(8080, "tcp", null, Map.of())),
                app.portDefinitions());
        assertEquals(List.of(FetchUri.legacy("http://h/f.tgz")), app.fetch());
        assertEquals(app, ok("{'id':'/a','cmd':'x','ports':[0,8080],'portDefinitions':[{'port':0},{'port':8080}],"
                + "'uris':['http://h/f.tgz'],'fetch':[]}"));
        assertEquals(app, ok("{'id':'/a','cmd':'x','ports':[0,8080],'uris':['http://h/f.tgz'],"
                + "'fetch':[{'uri':'http://h/f.tgz'}]}"));
        assertEquals(List.of("/ports"), paths(bad("{'id':'/a','cmd':'x','ports':[1],'portDefinitions':[{'port':2}]}")));
        assertEquals(List.of("/uris"), paths(bad("{'id':'/a','cmd':'x','uris':['a'],'fetch':[{'uri':'b'}]}")));
    }

    @Test
    void explicitEmptyPortsMeansNoPorts() {
        assertEquals(List.of(), ok("{'id':'/a','cmd':'x','portDefinitions':[]}").portDefinitions());
        assertEquals(List.of(), ok("{'id':'/a','cmd':'x','ports':[]}").portDefinitions());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'id':'/Bad'|/id",
        "'id':'/'|/id",
        "'instances':-1|/instances",
        "'cpus':-0.1|/cpus",
        "'mem':-1|/mem",
        "'disk':-1|/disk",
        "'gpus':1|/gpus",
        "'cmd':' '|/cmd",
        "'portDefinitions':[{'port':70000}]|/portDefinitions(0)/port",
        "'portDefinitions':[{'port':-1}]|/portDefinitions(0)/port",
        "'portDefinitions':[{'port':9000},{'port':9000}]|/portDefinitions(1)/port",
        "'portDefinitions':[{'port':0,'name':'a'},{'port':0,'name':'a'}]|/portDefinitions(1)/name",
        "'portDefinitions':[{'port':0,'protocol':'sctp'}]|/portDefinitions(0)/protocol",
        "'requirePorts':true|/requirePorts",
        "'healthChecks':[{'protocol':'HTTP'},{'protocol':'GRPC'}]|/healthChecks(1)/protocol",
        "'healthChecks':[{'protocol':'COMMAND'}]|/healthChecks(0)/command",
        "'healthChecks':[{'protocol':'COMMAND','command':{'value':' '}}]|/healthChecks(0)/command",
        "'healthChecks':[{'protocol':'HTTP'},{'protocol':'TCP','portIndex':1}]|/healthChecks(1)/portIndex",
        "'portDefinitions':[],'healthChecks':[{'protocol':'MESOS_HTTP'}]|/healthChecks(0)/portIndex",
        "'healthChecks':[{'protocol':'TCP','path':'/x'}]|/healthChecks(0)/path",
        "'healthChecks':[{'timeoutSeconds':60,'intervalSeconds':60}]|/healthChecks(0)/timeoutSeconds",
        "'healthChecks':[{'gracePeriodSeconds':-1}]|/healthChecks(0)/gracePeriodSeconds",
        "'healthChecks':[{'maxConsecutiveFailures':-1}]|/healthChecks(0)/maxConsecutiveFailures",
        "'healthChecks':[{'delaySeconds':-1}]|/healthChecks(0)/delaySeconds",
        "'healthChecks':[{'port':80,'portIndex':0}]|/healthChecks(0)/port",
        "'upgradeStrategy':{'minimumHealthCapacity':1.5}|/upgradeStrategy/minimumHealthCapacity",
        "'upgradeStrategy':{'maximumOverCapacity':-0.5}|/upgradeStrategy/maximumOverCapacity",
        "'backoffSeconds':-1|/backoffSeconds",
        "'backoffFactor':0.5|/backoffFactor",
        "'maxLaunchDelaySeconds':-1|/maxLaunchDelaySeconds",
        "'constraints':[['hostname']]|/constraints(0)",
        "'constraints':[['hostname','UNIQUE'],['hostname','NEAR','x']]|/constraints(1)",
        "'constraints':[['rack','CLUSTER']]|/constraints(0)",
        "'constraints':[['rack',1]]|/constraints(0)",
        "'constraints':'UNIQUE'|/constraints",
        "'dependencies':['Bad_dep']|/dependencies(0)",
        "'killSelection':'RANDOM'|/killSelection",
        "'acceptedResourceRoles':['']|/acceptedResourceRoles(0)",
        "'taskKillGracePeriodSeconds':-1|/taskKillGracePeriodSeconds",
        "'fetch':[{'uri':' '}]|/fetch(0)/uri",
        "'fetch':[{'extract':true}]|/fetch(0)/uri",
        "'labels':{'k':1}|/labels/k",
        "'env':{'PASSWORD':{'secret':'pw'}}|/env/PASSWORD",
        "'env':{'N':5}|/env/N",
        "'secrets':{'pw':{'source':'x'}}|/secrets",
        "'container':{'type':'DOCKER','docker':{'image':'nginx'}}|/container",
        "'container':{'type':'MESOS','docker':{'image':'nginx'}}|/container",
        "'unreachableStrategy':{'inactiveAfterSeconds':10,'expungeAfterSeconds':5}|/unreachableStrategy/expungeAfterSeconds",
    })
    void eachRuleNamesItsField(String members, String path) {
        Parsed<AppDefinition> parsed = bad("{'id':'/a','cmd':'x'," + members + "}");
        assertEquals(List.of(path), paths(parsed), () -> parsed.violations().toString());
    }

    @Test
    void cmdOrArgsExactlyOnce() {
        assertEquals("AppDefinition must contain one of 'cmd' or 'args'", bad("{'id':'/a'}").violations().get(0).message());
        assertEquals(List.of("/"), paths(bad("{'id':'/a','cmd':'x','args':['y']}")));
        assertEquals(List.of("/"), paths(bad("{'id':'/a','args':[]}")));
    }

    @Test
    void secretsAndContainersSayWhy() {
        assertEquals("secrets are not supported",
                bad("{'id':'/a','cmd':'x','env':{'P':{'secret':'s'}}}").violations().get(0).message());
        assertEquals("containers are not supported: apps run as processes",
                bad("{'id':'/a','cmd':'x','container':{'type':'DOCKER'}}").violations().get(0).message());
        ok("{'id':'/a','cmd':'x','container':{'type':'MESOS','volumes':[]}}");
    }

    @Test
    void healthCheckDefaults() {
        AppDefinition app = ok("{'id':'/a','cmd':'x','healthChecks':[{}]}");
        assertEquals(new HealthCheck("HTTP", "/", 0, null, null, 300, 60, 20, 3, false, 15), app.healthChecks().get(0));
        AppDefinition command = ok("{'id':'/a','cmd':'x','healthChecks':[{'protocol':'COMMAND','command':{'value':'true'}}]}");
        assertNull(command.healthChecks().get(0).portIndex());
        assertNull(command.healthChecks().get(0).path());
        AppDefinition byPort = ok("{'id':'/a','cmd':'x','portDefinitions':[],'healthChecks':[{'protocol':'TCP','port':9}]}");
        assertNull(byPort.healthChecks().get(0).portIndex());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'cpus':'abc'|/cpus",
        "'instances':1.5|/instances",
        "'instances':'2'|/instances",
        "'instances':1e12|/instances",
        "'mem':true|/mem",
        "'cmd':5|/cmd",
        "'args':'x'|/args",
        "'args':[1]|/args(0)",
        "'env':[]|/env",
        "'portDefinitions':{}|/portDefinitions",
        "'portDefinitions':[5]|/portDefinitions(0)",
        "'portDefinitions':[{'port':'80'}]|/portDefinitions(0)/port",
        "'ports':['80']|/ports(0)",
        "'healthChecks':[{'intervalSeconds':'x'}]|/healthChecks(0)/intervalSeconds",
        "'healthChecks':[{'command':'true','protocol':'COMMAND'}]|/healthChecks(0)/command",
        "'upgradeStrategy':1|/upgradeStrategy",
        "'requirePorts':'yes'|/requirePorts",
        "'labels':'x'|/labels",
        "'dependencies':{}|/dependencies",
        "'fetch':'x'|/fetch",
        "'uris':[{}]|/uris(0)",
        "'unreachableStrategy':'disabled'|/unreachableStrategy",
        "'container':'DOCKER'|/container",
        "'taskKillGracePeriodSeconds':'5'|/taskKillGracePeriodSeconds",
    })
    void wrongTypesAreViolationsNotExceptions(String members, String path) {
        Parsed<AppDefinition> parsed = bad("{'id':'/a','cmd':'x'," + members + "}");
        assertTrue(paths(parsed).contains(path), () -> parsed.violations().toString());
    }

    @Test
    void nonObjectBodiesAreViolations() {
        for (String text : List.of("[]", "5", "'x'", "null")) {
            assertEquals(List.of("/"), paths(parser.parse(json(text), "/", null, false)));
        }
        assertEquals(List.of("/"), paths(parser.parse(null, "/", null, false)));
    }

    @Test
    void anyValueInAnyMemberNeverThrows() {
        List<JsonNode> values = List.of(json("null"), json("1"), json("-1.5"), json("'s'"), json("true"), json("[]"),
                json("{}"), json("[1,'a',null,{}]"), json("{'a':[]}"), json("[[1]]"));
        List<String> members = List.of("id", "cmd", "args", "user", "env", "instances", "cpus", "mem", "disk", "gpus",
                "constraints", "fetch", "uris", "portDefinitions", "ports", "requirePorts", "healthChecks",
                "dependencies", "upgradeStrategy", "backoffSeconds", "backoffFactor", "maxLaunchDelaySeconds", "labels",
                "acceptedResourceRoles", "taskKillGracePeriodSeconds", "killSelection", "unreachableStrategy",
                "container", "secrets", "protocol", "port", "portIndex", "command", "path", "name", "uri");
        AppDefinition current = ok("{'id':'/a','cmd':'x'}");
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (String member : members) {
            for (JsonNode value : values) {
                ObjectNode body = nodes.objectNode().put("id", "/a").put("cmd", "x");
                body.set(member, value);
                parser.parse(body, "/", null, false);
                parser.parse(body, "/", current, true);
                ObjectNode nested = nodes.objectNode().put("id", "/a").put("cmd", "x");
                nested.set("healthChecks", nodes.arrayNode().add(nodes.objectNode().set(member, value)));
                nested.set("portDefinitions", nodes.arrayNode().add(nodes.objectNode().set(member, value)));
                nested.set("fetch", nodes.arrayNode().add(nodes.objectNode().set(member, value)));
                nested.set("upgradeStrategy", nodes.objectNode().set(member, value));
                parser.parse(nested, "/", null, false);
            }
        }
    }
}

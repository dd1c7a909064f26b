package io.plinth.marathon.rest;

import static io.plinth.marathon.rest.Servers.header;
import static io.plinth.marathon.rest.Servers.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.QueueItem;
import io.plinth.marathon.api.TaskFailure;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v2 API as a client on the wire sees it, on the leading master. */
class MarathonApiHttpTest {

    private final Servers servers = new Servers();
    private final FakeMarathon marathon = new FakeMarathon();
    private final FakeLeaderDetector detector = new FakeLeaderDetector(FakeLeaderDetector.at("10.0.0.5", 8080));
    private URI base;

    @BeforeEach
    void start() throws Exception {
        marathon.add(FakeMarathon.app("/prod/web", "python3 -m http.server $PORT0",
                Map.of("tier", "front", "env", "prod"), List.of(10000, 10001)));
        marathon.add(FakeMarathon.app("/prod/db", "postgres", Map.of("tier", "back"), List.of(10002)));
        marathon.add(FakeMarathon.app("/tools", "sleep 1000", Map.of(), List.of()));
        marathon.tasks.add(FakeMarathon.task("prod_web.1", "/prod/web", "a.example", "TASK_RUNNING", List.of(31000, 31001)));
        marathon.tasks.add(FakeMarathon.task("prod_web.2", "/prod/web", "b.example", "TASK_STAGING", List.of(31002, 31003)));
        marathon.tasks.add(FakeMarathon.task("tools.1", "/tools", "c.example", "TASK_RUNNING", List.of()));
        LeadingMarathon leading = new LeadingMarathon();
        leading.bind(marathon);
        LeadingMarathon forFilter = new LeadingMarathon();
        forFilter.bind(marathon);
        LeadingMarathon forMetrics = new LeadingMarathon();
        forMetrics.bind(marathon);
        base = servers.serve(
                new MarathonV2Resource(leading, detector, new FakeEventStream(), Duration.ofSeconds(10), "test-build"),
                new MetricsResource(forMetrics),
                new LeaderProxyFilter(forFilter, detector, new LeaderProxy(servers.client, Duration.ofSeconds(5))));
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void listsAppsWithCountsAndDeploymentsAlways() throws Exception {
        marathon.deployments.add(new Deployment("dep-1", "v", List.of("/prod/web"), List.of(), List.of(), 1, 1));
        HttpResponse<String> response = servers.get(base, "/v2/apps");
        assertEquals(200, response.statusCode());
        assertTrue(header(response, "Content-Type").startsWith("application/json"));
        assertEquals("http://10.0.0.5:8080", header(response, "X-Marathon-Leader"));
        JsonNode apps = json(response).get("apps");
        assertEquals(List.of("/prod/db", "/prod/web", "/tools"), ids(apps));
        JsonNode web = apps.get(1);
        assertEquals(1, web.get("tasksRunning").asInt());
        assertEquals(1, web.get("tasksStaged").asInt());
        assertEquals(1, web.get("tasksHealthy").asInt());
        assertEquals(0, web.get("tasksUnhealthy").asInt());
        assertEquals("dep-1", web.get("deployments").get(0).get("id").asText());
        assertEquals(0, apps.get(0).get("deployments").size());
        assertEquals(128.0, web.get("mem").asDouble());
        assertEquals("[10000,10001]", web.get("ports").toString());
        assertFalse(web.has("tasks"), "tasks only when embedded");
        assertFalse(web.has("lastTaskFailure"));
    }

    @Test
    void embedsTasksFailuresStatsAndReadinessInBothSpellings() throws Exception {
        marathon.failures.put("/prod/web", new TaskFailure("/prod/web", "a.example", "boom", "TASK_FAILED",
                "prod_web.0", "2024-01-01T00:00:00.000Z", "v1", "agent-1"));
        JsonNode web = json(servers.get(base,
                "/v2/apps?embed=apps.tasks&embed=apps.lastTaskFailure&embed=apps.taskStats&embed=apps.readiness"))
                .get("apps").get(1);
        assertEquals(2, web.get("tasks").size());
        assertEquals("prod_web.1", web.get("tasks").get(0).get("id").asText());
        assertEquals("a.example", web.get("tasks").get(0).get("host").asText());
        assertEquals("boom", web.get("lastTaskFailure").get("message").asText());
        assertTrue(web.get("taskStats").isObject());
        assertTrue(web.get("readinessCheckResults").isArray());

        JsonNode legacy = json(servers.get(base, "/v2/apps?embed=app.tasks")).get("apps").get(1);
        assertEquals(2, legacy.get("tasks").size());
    }

    @Test
    void filtersByCommandIdAndLabelSelector() throws Exception {
        assertEquals(List.of("/prod/web"), ids(json(servers.get(base, "/v2/apps?cmd=HTTP.server")).get("apps")));
        assertEquals(List.of("/prod/db", "/prod/web"), ids(json(servers.get(base, "/v2/apps?id=prod")).get("apps")));
        assertEquals(List.of("/prod/db", "/prod/web"), ids(json(servers.get(base, "/v2/apps?label=tier")).get("apps")));
        assertEquals(List.of("/prod/web"),
                ids(json(servers.get(base, "/v2/apps?label=tier==front,env==prod")).get("apps")));
        assertEquals(List.of("/prod/db", "/tools"), ids(json(servers.get(base, "/v2/apps?label=tier!=front")).get("apps")));
        HttpResponse<String> bad = servers.get(base, "/v2/apps?label=tier%20in%20front");
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).get("message").asText().contains("Invalid label selector"), bad.body());
    }

    @Test
    void showsOneAppWhoseIdHasSlashesWithItsTasks() throws Exception {
        HttpResponse<String> response = servers.get(base, "/v2/apps/prod/web");
        assertEquals(200, response.statusCode());
        JsonNode app = json(response).get("app");
        assertEquals("/prod/web", app.get("id").asText());
        assertEquals(2, app.get("tasks").size());
        assertEquals(1, app.get("tasksRunning").asInt());
        assertTrue(app.get("deployments").isArray());

        HttpResponse<String> missing = servers.get(base, "/v2/apps/prod/nope");
        assertEquals(404, missing.statusCode());
        assertEquals("{\"message\":\"App '/prod/nope' does not exist\"}", missing.body());
    }

    @Test
    void createsAnAppWith201LocationAndDeploymentHeader() throws Exception {
        HttpResponse<String> created = servers.send(base, "POST", "/v2/apps",
                "{\"id\":\"/prod/api\",\"cmd\":\"serve\",\"cpus\":0.5}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(header(created, "Location").endsWith("/v2/apps/prod/api"), header(created, "Location"));
        String deploymentId = header(created, "Marathon-Deployment-Id");
        JsonNode body = json(created);
        assertEquals("/prod/api", body.get("id").asText());
        assertEquals(0.5, body.get("cpus").asDouble());
        assertEquals(deploymentId, body.get("deployments").get(0).get("id").asText());
        assertEquals(0, body.get("tasksRunning").asInt());

        HttpResponse<String> again = servers.send(base, "POST", "/v2/apps", "{\"id\":\"/prod/api\",\"cmd\":\"x\"}");
        assertEquals(409, again.statusCode());

        HttpResponse<String> invalid = servers.send(base, "POST", "/v2/apps", "{\"id\":\"/bad\",\"cpus\":-1}");
        assertEquals(422, invalid.statusCode());
        assertEquals("/cpus", json(invalid).get("details").get(0).get("path").asText());

        HttpResponse<String> broken = servers.send(base, "POST", "/v2/apps", "{\"id\":");
        assertEquals(400, broken.statusCode(), broken.body());
    }

    @Test
    void putCreatesOrUpdatesAndPatchIsPartial() throws Exception {
        HttpResponse<String> created = servers.send(base, "PUT", "/v2/apps/new/app", "{\"cmd\":\"x\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(header(created, "Location").endsWith("/v2/apps/new/app"));
        assertEquals(header(created, "Marathon-Deployment-Id"), json(created).get("deploymentId").asText());
        assertTrue(json(created).has("version"));

        HttpResponse<String> updated = servers.send(base, "PUT", "/v2/apps/prod/web?force=true", "{\"instances\":3}");
        assertEquals(200, updated.statusCode(), updated.body());
        assertNull(header(updated, "Location"));
        assertTrue(marathon.calls.contains("put /prod/web partial=true force=true"), marathon.calls.toString());

        servers.send(base, "PUT", "/v2/apps/prod/web?partialUpdate=false", "{\"cmd\":\"y\"}");
        assertTrue(marathon.calls.contains("put /prod/web partial=false force=false"), marathon.calls.toString());

        HttpResponse<String> patched = servers.send(base, "PATCH", "/v2/apps/prod/web", "{\"instances\":2}");
        assertEquals(200, patched.statusCode());
        assertEquals(2, marathon.apps.get("/prod/web").instances());

        HttpResponse<String> badForce = servers.send(base, "PUT", "/v2/apps/prod/web?force=yes", "{\"instances\":2}");
        assertEquals(400, badForce.statusCode());
        assertTrue(json(badForce).get("message").asText().contains("'force'"));
    }

    @Test
    void bulkChangesTakeAnArray() throws Exception {
        HttpResponse<String> put = servers.send(base, "PUT", "/v2/apps", "[{\"id\":\"/a\"},{\"id\":\"/b\"}]");
        assertEquals(200, put.statusCode(), put.body());
        assertEquals(header(put, "Marathon-Deployment-Id"), json(put).get("deploymentId").asText());
        assertTrue(marathon.calls.contains("putApps [/a, /b] partial=true force=false"), marathon.calls.toString());
        servers.send(base, "PATCH", "/v2/apps?force=true", "[{\"id\":\"/a\"}]");
        assertTrue(marathon.calls.contains("putApps [/a] partial=true force=true"), marathon.calls.toString());
        assertEquals(400, servers.send(base, "PUT", "/v2/apps", "{\"id\":\"/a\"}").statusCode());
    }

    @Test
    void deletesRestartsAndListsVersions() throws Exception {
        HttpResponse<String> versions = servers.get(base, "/v2/apps/prod/web/versions");
        assertEquals(200, versions.statusCode());
        assertEquals("{\"versions\":[\"2024-01-01T00:00:00.000Z\"]}", versions.body());
        HttpResponse<String> version = servers.get(base, "/v2/apps/prod/web/versions/2024-01-01T00:00:00.000Z");
        assertEquals(200, version.statusCode(), version.body());
        assertEquals("/prod/web", json(version).get("id").asText());
        assertEquals(404, servers.get(base, "/v2/apps/prod/web/versions/2020-01-01T00:00:00.000Z").statusCode());

        HttpResponse<String> restart = servers.send(base, "POST", "/v2/apps/prod/web/restart?force=true", null);
        assertEquals(200, restart.statusCode(), restart.body());
        assertEquals(header(restart, "Marathon-Deployment-Id"), json(restart).get("deploymentId").asText());
        assertTrue(marathon.calls.contains("restart /prod/web force=true"));

        HttpResponse<String> delete = servers.send(base, "DELETE", "/v2/apps/prod/db", null);
        assertEquals(200, delete.statusCode());
        assertTrue(json(delete).has("deploymentId") && json(delete).has("version"));
        assertEquals(404, servers.send(base, "DELETE", "/v2/apps/prod/db", null).statusCode());
    }

    @Test
    void appTasksAsJsonAndText() throws Exception {
        HttpResponse<String> tasks = servers.get(base, "/v2/apps/prod/web/tasks");
        assertEquals(200, tasks.statusCode());
        assertEquals(2, json(tasks).get("tasks").size());
        assertEquals("/prod/web", json(tasks).get("tasks").get(0).get("appId").asText());

        HttpResponse<String> text = servers.send(base, "GET", "/v2/apps/prod/web/tasks", null, "Accept", "text/plain");
        assertEquals(200, text.statusCode());
        assertTrue(header(text, "Content-Type").startsWith("text/plain"));
        assertEquals("prod_web\t10000\ta.example:31000\t\nprod_web\t10001\ta.example:31001\t\n", text.body());
        assertEquals(404, servers.get(base, "/v2/apps/nope/tasks").statusCode());
    }

    @Test
    void killsAppTasksByHostOrOneTaskOrWithScaling() throws Exception {
        HttpResponse<String> byHost = servers.send(base, "DELETE", "/v2/apps/prod/web/tasks?host=b.example", null);
        assertEquals(200, byHost.statusCode(), byHost.body());
        assertEquals(List.of("prod_web.2"), ids(json(byHost).get("tasks")));

        HttpResponse<String> one = servers.send(base, "DELETE", "/v2/apps/prod/web/tasks/prod_web.1?wipe=true", null);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals("prod_web.1", json(one).get("task").get("id").asText());
        assertTrue(marathon.calls.contains("kill [prod_web.1] scale=false wipe=true"), marathon.calls.toString());

        HttpResponse<String> unknown = servers.send(base, "DELETE", "/v2/apps/prod/web/tasks/prod_web.9", null);
        assertEquals(404, unknown.statusCode());

        HttpResponse<String> scaled = servers.send(base, "DELETE", "/v2/apps/tools/tasks?scale=true", null);
        assertEquals(200, scaled.statusCode());
        assertEquals(header(scaled, "Marathon-Deployment-Id"), json(scaled).get("deploymentId").asText());

        assertEquals(400, servers.send(base, "DELETE", "/v2/apps/tools/tasks?scale=true&wipe=true", null).statusCode());
    }

    @Test
    void listsAndKillsTasksOfAllApps() throws Exception {
        assertEquals(3, json(servers.get(base, "/v2/tasks")).get("tasks").size());
        assertEquals(List.of("prod_web.2"), ids(json(servers.get(base, "/v2/tasks?status=staging")).get("tasks")));
        assertEquals(3, json(servers.get(base, "/v2/tasks?status=running&status=staging")).get("tasks").size());
        HttpResponse<String> bad = servers.get(base, "/v2/tasks?status=sleeping");
        assertEquals(400, bad.statusCode());
        assertTrue(json(bad).get("message").asText().contains("'status'"));

        HttpResponse<String> text = servers.send(base, "GET", "/v2/tasks", null, "Accept", "text/plain");
        assertEquals("prod_db\t10002\t\nprod_web\t10000\ta.example:31000\t\nprod_web\t10001\ta.example:31001\t\n"
                + "tools\t \tc.example\t\n", text.body());

        HttpResponse<String> killed = servers.send(base, "POST", "/v2/tasks/delete",
                "{\"ids\":[\"tools.1\",\"unknown.1\"]}");
        assertEquals(200, killed.statusCode(), killed.body());
        assertEquals(List.of("tools.1"), ids(json(killed).get("tasks")));
        HttpResponse<String> scaled = servers.send(base, "POST", "/v2/tasks/delete?scale=true",
                "{\"ids\":[\"prod_web.1\"]}");
        assertEquals(header(scaled, "Marathon-Deployment-Id"), json(scaled).get("deploymentId").asText());
        assertEquals(422, servers.send(base, "POST", "/v2/tasks/delete", "{\"ids\":\"x\"}").statusCode());
    }

    @Test
    void groupsWithEmbedsVersionsAndChanges() throws Exception {
        JsonNode root = json(servers.get(base, "/v2/groups"));
        assertEquals("/", root.get("id").asText());
        assertEquals(List.of("/tools"), ids(root.get("apps")));
        assertEquals("/prod", root.get("groups").get(0).get("id").asText());
        assertEquals(List.of("/prod/db", "/prod/web"), ids(root.get("groups").get(0).get("apps")));
        assertTrue(root.get("pods").isArray());

        JsonNode onlyGroups = json(servers.get(base, "/v2/groups?embed=group.groups"));
        assertFalse(onlyGroups.has("apps"));
        assertTrue(onlyGroups.has("groups"));
        JsonNode withCounts = json(servers.get(base, "/v2/groups/prod?embed=group.apps&embed=group.apps.counts"));
        assertEquals(1, withCounts.get("apps").get(1).get("tasksRunning").asInt());
        assertEquals(404, servers.get(base, "/v2/groups/nope").statusCode());

        assertEquals("[\"2024-01-01T00:00:00.000Z\"]", servers.get(base, "/v2/groups/versions").body());
        assertEquals("[\"2024-01-01T00:00:00.000Z\"]", servers.get(base, "/v2/groups/prod/versions").body());
        assertEquals("/prod", json(servers.get(base, "/v2/groups/prod/versions/2024-01-01T00:00:00.000Z")).get("id").asText());

        HttpResponse<String> created = servers.send(base, "POST", "/v2/groups", "{\"id\":\"/staging\"}");
        assertEquals(201, created.statusCode(), created.body());
        assertTrue(header(created, "Location").endsWith("/v2/groups/staging"));
        assertEquals(header(created, "Marathon-Deployment-Id"), json(created).get("deploymentId").asText());
        assertEquals(409, servers.send(base, "POST", "/v2/groups", "{\"id\":\"/staging\"}").statusCode());
        assertEquals(201, servers.send(base, "POST", "/v2/groups/staging", "{\"id\":\"inner\"}").statusCode());
        assertTrue(marathon.calls.contains("putGroup /staging/inner create=true force=false"), marathon.calls.toString());
        assertEquals(422, servers.send(base, "POST", "/v2/groups", "{}").statusCode());

        HttpResponse<String> put = servers.send(base, "PUT", "/v2/groups/prod?force=true", "{\"id\":\"/prod\"}");
        assertEquals(200, put.statusCode());
        assertTrue(marathon.calls.contains("putGroup /prod create=false force=true"));
        HttpResponse<String> deleted = servers.send(base, "DELETE", "/v2/groups/prod", null);
        assertEquals(200, deleted.statusCode());
        assertTrue(json(deleted).has("deploymentId"));
    }

    @Test
    void deploymentsListRollbackAndCancel() throws Exception {
        marathon.deployments.add(new Deployment("dep-1", "v", List.of("/prod/web"),
                List.of(new Deployment.Step(List.of(new Deployment.Action("ScaleApplication", "/prod/web")))),
                List.of(new Deployment.CurrentAction("ScaleApplication", "/prod/web", List.of())), 1, 1));
        JsonNode list = json(servers.get(base, "/v2/deployments"));
        assertEquals("dep-1", list.get(0).get("id").asText());
        assertEquals("/prod/web", list.get(0).get("affectedApps").get(0).asText());
        assertEquals("ScaleApplication", list.get(0).get("steps").get(0).get("actions").get(0).get("action").asText());

        HttpResponse<String> rollback = servers.send(base, "DELETE", "/v2/deployments/dep-1", null);
        assertEquals(200, rollback.statusCode());
        assertEquals(header(rollback, "Marathon-Deployment-Id"), json(rollback).get("deploymentId").asText());

        HttpResponse<String> cancel = servers.send(base, "DELETE", "/v2/deployments/dep-1?force=true", null);
        assertEquals(202, cancel.statusCode());
        assertEquals("", cancel.body());
        assertEquals(404, servers.send(base, "DELETE", "/v2/deployments/dep-1?force=true", null).statusCode());
    }

    @Test
    void queueAndDelayReset() throws Exception {
        marathon.queue.add(new QueueItem(marathon.apps.get("/prod/web"), 2, new QueueItem.Delay(12, false),
                "2024-01-01T00:00:00.000Z"));
        JsonNode queue = json(servers.get(base, "/v2/queue")).get("queue");
        assertEquals(2, queue.get(0).get("count").asInt());
        assertEquals(12, queue.get(0).get("delay").get("timeLeftSeconds").asInt());
        assertFalse(queue.get(0).get("delay").get("overdue").asBoolean());
        assertEquals("/prod/web", queue.get(0).get("app").get("id").asText());
        assertEquals(204, servers.send(base, "DELETE", "/v2/queue/prod/web/delay", null).statusCode());
        assertTrue(marathon.calls.contains("resetDelay /prod/web"));
        assertEquals(404, servers.send(base, "DELETE", "/v2/queue/tools/delay", null).statusCode());
    }

    @Test
    void infoLeaderAndMetrics() throws Exception {
        JsonNode info = json(servers.get(base, "/v2/info"));
        assertEquals("marathon", info.get("name").asText());
        assertEquals("1.11.0", info.get("version").asText());
        assertTrue(info.get("elected").asBoolean());
        assertEquals("10.0.0.5:8080", info.get("leader").asText());
        assertEquals("framework-1", info.get("frameworkId").asText());
        assertEquals(8080, info.get("http_config").get("http_port").asInt());
        assertTrue(info.get("marathon_config").isObject() && info.get("zookeeper_config").isObject());
        assertTrue(info.get("event_subscriber").isNull());

        assertEquals("{\"leader\":\"10.0.0.5:8080\"}", servers.get(base, "/v2/leader").body());
        HttpResponse<String> abdicated = servers.send(base, "DELETE", "/v2/leader", null);
        assertEquals(200, abdicated.statusCode());
        assertEquals("{\"message\":\"Leadership abdicted\"}", abdicated.body());
        assertTrue(marathon.calls.contains("abdicate"));
        detector.leader = null;
        HttpResponse<String> none = servers.get(base, "/v2/leader");
        assertEquals(404, none.statusCode());
        assertEquals("{\"message\":\"There is no leader\"}", none.body());

        JsonNode metrics = json(servers.get(base, "/metrics"));
        assertEquals("4.0.0", metrics.get("version").asText());
        assertEquals(3, metrics.get("gauges").get("marathon.apps.active.gauge").get("value").asInt());
        assertEquals(2, metrics.get("gauges").get("marathon.tasks.running.gauge").get("value").asInt());
        assertEquals(1, metrics.get("gauges").get("marathon.instances.staged.gauge").get("value").asInt());
        assertEquals(0, metrics.get("gauges").get("marathon.deployments.active.gauge").get("value").asInt());
        assertTrue(metrics.get("timers").isObject() && metrics.get("counters").isObject());
    }

    @Test
    void theApiIsAlsoServedUnderMarathonPrefixes() throws Exception {
        HttpResponse<String> dcos = servers.get(base, "/service/marathon/v2/apps/prod/web?embed=app.tasks");
        assertEquals(200, dcos.statusCode(), dcos.body());
        assertEquals("/prod/web", json(dcos).get("app").get("id").asText());
        HttpResponse<String> plain = servers.get(base, "/marathon/v2/tasks?status=staging");
        assertEquals(List.of("prod_web.2"), ids(json(plain).get("tasks")));
        assertEquals("http://10.0.0.5:8080", header(plain, "X-Marathon-Leader"));
        assertEquals(200, servers.get(base, "/marathon/metrics").statusCode());
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get("id").asText()));
        return ids;
    }
}

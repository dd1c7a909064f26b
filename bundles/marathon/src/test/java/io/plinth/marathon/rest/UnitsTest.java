package io.plinth.marathon.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.MarathonEvent;
import io.plinth.rest.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The pure parts: label selectors, embeds, the text task list, SSE framing, prefixes and parameters. */
class UnitsTest {

    @Test
    void labelSelectorTerms() {
        Map<String, String> labels = Map.of("tier", "front", "a,b", "x y");
        assertTrue(LabelSelector.parse("tier in (back, front)").test(labels));
        assertFalse(LabelSelector.parse("tier notin (back, front)").test(labels));
        assertFalse(LabelSelector.parse("tier,missing").test(labels));
        assertTrue(LabelSelector.parse("a\\,b==x y").test(labels));
        assertTrue(LabelSelector.parse("missing!=x").test(labels));
        assertEquals(400, assertThrows(ApiException.class, () -> LabelSelector.parse("tier=front")).status());
    }

    @Test
    void embedsAcceptEveryPrefixAndIgnoreUnknowns() {
        assertEquals(Set.of(AppEmbed.TASKS, AppEmbed.LAST_TASK_FAILURE),
                AppEmbed.parse(List.of("apps.tasks", "app.failures", "apps.nonsense"), List.of("apps.", "app.")));
        MarathonJson.GroupEmbed embed = MarathonJson.GroupEmbed.parse(List.of("group.apps", "group.apps.tasks"));
        assertTrue(embed.apps());
        assertFalse(embed.groups());
        assertEquals(Set.of(AppEmbed.TASKS), embed.appEmbeds());
    }

    @Test
    void textTasksListRunningTasksSortedPerServicePort() {
        var web = FakeMarathon.app("/a/web", "x", Map.of(), List.of(80));
        var worker = FakeMarathon.app("/worker", "x", Map.of(), List.of());
        var tasks = List.of(FakeMarathon.task("w.2", "/a/web", "z.example", "TASK_RUNNING", List.of(2)),
                FakeMarathon.task("w.1", "/a/web", "y.example", "TASK_RUNNING", List.of(1)),
                FakeMarathon.task("w.3", "/a/web", "x.example", "TASK_STAGING", List.of(3)),
                FakeMarathon.task("k.1", "/worker", "q.example", "TASK_RUNNING", List.of()));
        String text = MarathonJson.tasksText(List.of(web, worker),
                app -> tasks.stream().filter(task -> task.appId().equals(app)).toList());
        assertEquals("a_web\t80\ty.example:1\tz.example:2\t\nworker\t \tq.example\t\n", text);
    }

    @Test
    void taskJsonHasMarathonsFields() {
        JsonNode task = new MarathonJson().task(FakeMarathon.task("t.1", "/a", "h", "TASK_RUNNING", List.of(5)));
        for (String field : List.of("id", "appId", "slaveId", "host", "state", "stagedAt", "startedAt", "version",
                "ports", "servicePorts", "ipAddresses", "healthCheckResults", "localVolumes")) {
            assertTrue(task.has(field), field + " in " + task);
        }
    }

    @Test
    void sseFramingSplitsLinesOfData() {
        assertEquals("event: x\ndata: {\ndata: }\n\n",
                new String(SseStream.frame(new MarathonEvent("x", "{\n}")), StandardCharsets.UTF_8));
    }

    @Test
    void prefixesAndParameters() {
        assertEquals("v2/apps", LeaderProxyFilter.stripPrefix("service/marathon/v2/apps"));
        assertEquals("v2/apps", LeaderProxyFilter.stripPrefix("marathon/v2/apps"));
        assertEquals("marathonx/v2", LeaderProxyFilter.stripPrefix("marathonx/v2"));
        assertEquals("/a/b", Params.absoluteId("a/b/"));
        assertTrue(Params.bool("force", "TRUE", false));
        assertEquals(400, assertThrows(ApiException.class, () -> Params.bool("force", "1", false)).status());
    }
}

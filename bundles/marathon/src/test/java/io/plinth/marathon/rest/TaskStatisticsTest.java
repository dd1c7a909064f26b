package io.plinth.marathon.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.HealthCheckResult;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.model.AppParser;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code taskStats}: counts and life times in all and by version, empty categories left out. */
class TaskStatisticsTest {

    private static final String V0 = "2026-01-01T00:00:00.000Z";
    private static final String V1 = "2026-01-01T00:01:00.000Z";
    private static final String V2 = "2026-01-01T00:02:00.000Z";
    private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");

    private final ObjectMapper mapper = new ObjectMapper();

    private AppDefinition app() throws Exception {
        AppParser parser = new AppParser(name -> true, (name, constraint) -> Optional.empty());
        AppDefinition app = parser.parse(mapper.readTree(
                "{\"id\":\"/web\",\"cmd\":\"serve\",\"instances\":3,\"healthChecks\":[{\"protocol\":\"TCP\"}]}"),
                "/", null, false).value();
        // config changed at V1, scaled at V2
        return app.withVersion(V2, new AppDefinition.VersionInfo(V2, V1));
    }

    private static MarathonTask task(String id, String state, String version, String startedAt, Boolean alive) {
        List<HealthCheckResult> health = alive == null ? List.of()
                : List.of(new HealthCheckResult(alive, alive ? 0 : 1, null, null, null, null, id, id));
        return new MarathonTask(id, "/web", "agent-1", "10.0.0.1", state, V0, startedAt, version, List.of(31000),
                List.of(10000), List.of(), health);
    }

    @Test
    void countsAndLifeTimesByVersion() throws Exception {
        List<MarathonTask> tasks = List.of(
                task("old", "TASK_RUNNING", V0, "2026-01-01T00:09:50.000Z", false), // 10 s, unhealthy
                task("mid", "TASK_RUNNING", V1, "2026-01-01T00:09:30.000Z", true), // 30 s, healthy
                task("new", "TASK_STAGING", V2, null, null));

        JsonNode stats = new TaskStatistics(mapper).of(app(), tasks, NOW);

        assertEquals(mapper.readTree("{\"stats\":{\"counts\":{\"staged\":1,\"running\":2,\"healthy\":1,\"unhealthy\":1},"
                + "\"lifeTime\":{\"averageSeconds\":20.0,\"medianSeconds\":20.0}}}"), stats.get("totalSummary"));
        assertEquals(mapper.readTree("{\"stats\":{\"counts\":{\"staged\":1,\"running\":0,\"healthy\":0,\"unhealthy\":0}}}"),
                stats.get("startedAfterLastScaling"), "no started task: no lifeTime");
        assertEquals(mapper.readTree("{\"stats\":{\"counts\":{\"staged\":1,\"running\":1,\"healthy\":1,\"unhealthy\":0},"
                + "\"lifeTime\":{\"averageSeconds\":30.0,\"medianSeconds\":30.0}}}"), stats.get("withLatestConfig"));
        assertEquals(mapper.readTree("{\"stats\":{\"counts\":{\"staged\":0,\"running\":1,\"healthy\":0,\"unhealthy\":1},"
                + "\"lifeTime\":{\"averageSeconds\":10.0,\"medianSeconds\":10.0}}}"), stats.get("withOutdatedConfig"));
    }

    @Test
    void anAppWithoutTasksHasNoCategories() throws Exception {
        JsonNode stats = new TaskStatistics(mapper).of(app(), List.of(), NOW);
        assertFalse(stats.fieldNames().hasNext());
    }
}

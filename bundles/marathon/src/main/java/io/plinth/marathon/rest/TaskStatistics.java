package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.HealthCheckResult;
import io.plinth.marathon.api.MarathonTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Marathon's {@code taskStats} of an app ({@code embed=apps.taskStats}): counts and life times of its
 * tasks, in all ({@code totalSummary}) and by version: those started after the last scaling
 * ({@code startedAfterLastScaling}), running the latest config ({@code withLatestConfig}) or an older
 * one ({@code withOutdatedConfig}). A category without tasks is left out; {@code lifeTime} only counts
 * tasks that have started. A pure function of the app, its tasks and the time.
 */
final class TaskStatistics {

    private final ObjectMapper mapper;

    TaskStatistics(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    ObjectNode of(AppDefinition app, List<MarathonTask> tasks, Instant now) {
        ObjectNode stats = mapper.createObjectNode();
        add(stats, "totalSummary", app, tasks, task -> true, now);
        AppDefinition.VersionInfo info = app.versionInfo();
        if (info != null) {
            // versions are ISO instants with milliseconds: they compare as strings
            add(stats, "startedAfterLastScaling", app, tasks, task -> isAtOrAfter(task, info.lastScalingAt()), now);
            add(stats, "withLatestConfig", app, tasks, task -> isAtOrAfter(task, info.lastConfigChangeAt()), now);
            add(stats, "withOutdatedConfig", app, tasks, task -> !isAtOrAfter(task, info.lastConfigChangeAt()), now);
        }
        return stats;
    }

    private static boolean isAtOrAfter(MarathonTask task, String version) {
        return version == null || task.version() != null && task.version().compareTo(version) >= 0;
    }

    private void add(ObjectNode into, String name, AppDefinition app, List<MarathonTask> tasks,
                     Predicate<MarathonTask> which, Instant now) {
        List<MarathonTask> some = tasks.stream().filter(which).toList();
        if (some.isEmpty()) {
            return;
        }
        ObjectNode stats = into.putObject(name).putObject("stats");
        int checks = app.healthChecks().size();
        int staged = 0;
        int running = 0;
        int healthy = 0;
        int unhealthy = 0;
        for (MarathonTask task : some) {
            if ("TASK_RUNNING".equals(task.state())) {
                running++;
                List<HealthCheckResult> results = task.healthCheckResults();
                if (checks > 0 && results.size() >= checks && results.stream().allMatch(HealthCheckResult::alive)) {
                    healthy++;
                } else if (results.stream().anyMatch(r -> !r.alive())) {
                    unhealthy++;
                }
            } else if ("TASK_STAGING".equals(task.state()) || "TASK_STARTING".equals(task.state())) {
                staged++;
            }
        }
        stats.putObject("counts").put("staged", staged).put("running", running).put("healthy", healthy)
                .put("unhealthy", unhealthy);
        double[] lifeTimes = some.stream().filter(task -> task.startedAt() != null)
                .mapToDouble(task -> Duration.between(Instant.parse(task.startedAt()), now).toMillis() / 1000.0)
                .map(seconds -> Math.max(0, seconds)).sorted().toArray();
        if (lifeTimes.length > 0) {
            double average = java.util.Arrays.stream(lifeTimes).average().orElse(0);
            int middle = lifeTimes.length / 2;
            double median = lifeTimes.length % 2 == 1 ? lifeTimes[middle] : (lifeTimes[middle - 1] + lifeTimes[middle]) / 2;
            stats.putObject("lifeTime").put("averageSeconds", average).put("medianSeconds", median);
        }
    }
}

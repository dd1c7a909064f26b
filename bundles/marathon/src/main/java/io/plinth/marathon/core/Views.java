package io.plinth.marathon.core;

import io.plinth.marathon.api.HealthCheckResult;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.api.TaskCounts;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** Instances as the API shows them. */
final class Views {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Views() {
    }

    static MarathonTask task(Instance instance) {
        List<HealthCheckResult> results = instance.health().stream().filter(Objects::nonNull).toList();
        return new MarathonTask(instance.taskId(), instance.appId(), instance.agentId(), instance.host(),
                instance.state(), Versions.format(instance.stagedAt()), Versions.format(instance.startedAt()),
                instance.version(), instance.hostPorts(), instance.servicePorts(), ipAddresses(instance.host()),
                results);
    }

    static List<MarathonTask.IpAddress> ipAddresses(String host) {
        return host != null && IPV4.matcher(host).matches() ? List.of(new MarathonTask.IpAddress(host, "IPv4")) : List.of();
    }

    /** Marathon's instance condition for a Mesos task state. */
    static String condition(String state) {
        return switch (state) {
            case "TASK_STAGING" -> "Staging";
            case "TASK_STARTING" -> "Starting";
            case "TASK_RUNNING" -> "Running";
            case "TASK_KILLING" -> "Killing";
            case "TASK_FINISHED" -> "Finished";
            case "TASK_FAILED" -> "Failed";
            case "TASK_KILLED" -> "Killed";
            case "TASK_ERROR" -> "Error";
            case "TASK_UNREACHABLE" -> "Unreachable";
            case "TASK_GONE" -> "Gone";
            case "TASK_DROPPED" -> "Dropped";
            case "TASK_UNKNOWN" -> "Unknown";
            default -> "Failed";
        };
    }

    /**
     * Whether the instance counts as healthy: running and passing each of its app's {@code checks}
     * health checks (scheduler-side results and, for an agent-side check, the agent's verdict, both
     * kept at the check's index).
     */
    static boolean ready(Instance instance, int checks) {
        if (!instance.running()) {
            return false;
        }
        for (int i = 0; i < checks; i++) {
            HealthCheckResult r = i < instance.health().size() ? instance.health().get(i) : null;
            if (r == null || !r.alive()) {
                return false;
            }
        }
        return true;
    }

    static TaskCounts counts(Collection<Instance> instances, int checks) {
        int staged = 0;
        int running = 0;
        int healthy = 0;
        int unhealthy = 0;
        for (Instance i : instances) {
            if (i.running()) {
                running++;
                if (checks > 0) {
                    if (ready(i, checks)) {
                        healthy++;
                    } else if (i.health().stream().anyMatch(r -> r != null && !r.alive())) {
                        unhealthy++;
                    }
                }
            } else if (i.state().equals("TASK_STAGING") || i.state().equals("TASK_STARTING")) {
                staged++;
            }
        }
        return new TaskCounts(staged, running, healthy, unhealthy);
    }
}

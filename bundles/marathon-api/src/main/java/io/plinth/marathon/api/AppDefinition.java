package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One app as stored and as {@code GET /v2/apps/{id}} shows it (without the runtime fields such as
 * {@code tasksRunning}, which the REST layer adds). Ids are absolute ({@code /group/app}). Every field
 * holds its Marathon default when the user left it out; collections are never null.
 * {@code acceptedResourceRoles} is null when not given (then the scheduler's default, {@code *},
 * applies). The legacy {@code ports} and {@code uris} views are written too.
 *
 * @param version     ISO-8601 instant of the last change of any kind
 * @param versionInfo when the instances last changed ({@code lastScalingAt}) and when anything else did
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"id", "cmd", "args", "user", "env", "instances", "cpus", "mem", "disk", "gpus"})
public record AppDefinition(
        String id,
        String cmd,
        List<String> args,
        String user,
        Map<String, String> env,
        int instances,
        double cpus,
        double mem,
        double disk,
        double gpus,
        List<List<String>> constraints,
        List<FetchUri> fetch,
        List<PortDefinition> portDefinitions,
        boolean requirePorts,
        List<HealthCheck> healthChecks,
        List<String> dependencies,
        UpgradeStrategy upgradeStrategy,
        double backoffSeconds,
        double backoffFactor,
        double maxLaunchDelaySeconds,
        Map<String, String> labels,
        List<String> acceptedResourceRoles,
        Integer taskKillGracePeriodSeconds,
        String killSelection,
        UnreachableStrategy unreachableStrategy,
        String version,
        VersionInfo versionInfo) {

    public static final int DEFAULT_INSTANCES = 1;
    public static final double DEFAULT_CPUS = 1.0;
    public static final double DEFAULT_MEM = 128.0;
    public static final double DEFAULT_BACKOFF_SECONDS = 1.0;
    public static final double DEFAULT_BACKOFF_FACTOR = 1.15;
    public static final double DEFAULT_MAX_LAUNCH_DELAY_SECONDS = 3600.0;
    public static final String YOUNGEST_FIRST = "YOUNGEST_FIRST";
    public static final String OLDEST_FIRST = "OLDEST_FIRST";

    public AppDefinition {
        args = args == null ? null : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        constraints = constraints == null ? List.of() : constraints.stream().map(List::copyOf).toList();
        fetch = fetch == null ? List.of() : List.copyOf(fetch);
        portDefinitions = portDefinitions == null ? List.of() : List.copyOf(portDefinitions);
        healthChecks = healthChecks == null ? List.of() : List.copyOf(healthChecks);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        upgradeStrategy = upgradeStrategy == null ? UpgradeStrategy.DEFAULT : upgradeStrategy;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        acceptedResourceRoles = acceptedResourceRoles == null ? null : List.copyOf(acceptedResourceRoles);
        killSelection = killSelection == null ? YOUNGEST_FIRST : killSelection;
        unreachableStrategy = unreachableStrategy == null ? UnreachableStrategy.DEFAULT : unreachableStrategy;
    }

    /** Legacy view of {@link #portDefinitions()}: their port numbers. */
    @JsonProperty(value = "ports", access = JsonProperty.Access.READ_ONLY)
    public List<Integer> ports() {
        return portDefinitions.stream().map(PortDefinition::port).toList();
    }

    /** Legacy view of {@link #fetch()}: their URIs. */
    @JsonProperty(value = "uris", access = JsonProperty.Access.READ_ONLY)
    public List<String> uris() {
        return fetch.stream().map(FetchUri::uri).toList();
    }

    public AppDefinition withInstances(int newInstances) {
        return new AppDefinition(id, cmd, args, user, env, newInstances, cpus, mem, disk, gpus, constraints, fetch,
                portDefinitions, requirePorts, healthChecks, dependencies, upgradeStrategy, backoffSeconds,
                backoffFactor, maxLaunchDelaySeconds, labels, acceptedResourceRoles, taskKillGracePeriodSeconds,
                killSelection, unreachableStrategy, version, versionInfo);
    }

    public AppDefinition withVersion(String newVersion, VersionInfo newVersionInfo) {
        return new AppDefinition(id, cmd, args, user, env, instances, cpus, mem, disk, gpus, constraints, fetch,
                portDefinitions, requirePorts, healthChecks, dependencies, upgradeStrategy, backoffSeconds,
                backoffFactor, maxLaunchDelaySeconds, labels, acceptedResourceRoles, taskKillGracePeriodSeconds,
                killSelection, unreachableStrategy, newVersion, newVersionInfo);
    }

    public AppDefinition withPortDefinitions(List<PortDefinition> newPortDefinitions) {
        return new AppDefinition(id, cmd, args, user, env, instances, cpus, mem, disk, gpus, constraints, fetch,
                newPortDefinitions, requirePorts, healthChecks, dependencies, upgradeStrategy, backoffSeconds,
                backoffFactor, maxLaunchDelaySeconds, labels, acceptedResourceRoles, taskKillGracePeriodSeconds,
                killSelection, unreachableStrategy, version, versionInfo);
    }

    /**
     * True when the two differ in more than instances and version: a change that needs the app's
     * tasks replaced (a restart), not just more or fewer of them.
     */
    public boolean isUpgradeOf(AppDefinition other) {
        return !withInstances(0).withVersion(null, null).equals(other.withInstances(0).withVersion(null, null));
    }

    /** When the app's instances last changed and when anything else about it did (ISO-8601). */
    public record VersionInfo(String lastScalingAt, String lastConfigChangeAt) {
    }
}

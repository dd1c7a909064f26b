package io.plinth.marathon.match;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.FetchUri;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.PortDefinition;
import io.plinth.mesos.api.resources.Resource;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;

/** Writes the Mesos TaskInfo of one launch, in the shape Marathon 1.x gives its command tasks. */
final class TaskInfos {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final String frameworkRole;

    TaskInfos(String frameworkRole) {
        this.frameworkRole = frameworkRole;
    }

    Protos.TaskInfo build(AppDefinition app, OfferView offer, String taskId, Resources resources,
                          List<Integer> hostPorts) {
        String name = taskName(app.id());
        Protos.TaskInfo.Builder task = Protos.TaskInfo.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(offer.agentId()))
                .setName(name)
                .addAllResources(resourceProtos(offer, resources))
                .setCommand(command(app, environment(app, taskId, offer.hostname(), hostPorts)))
                .setDiscovery(discovery(app, name, hostPorts));
        if (!app.labels().isEmpty()) {
            task.setLabels(labels(app.labels()));
        }
        if (app.taskKillGracePeriodSeconds() != null) {
            task.setKillPolicy(Protos.KillPolicy.newBuilder().setGracePeriod(Protos.DurationInfo.newBuilder()
                    .setNanoseconds(app.taskKillGracePeriodSeconds() * NANOS_PER_SECOND)));
        }
        // Mesos runs at most one check per task: the first agent-side one wins, the others are not run
        app.healthChecks().stream().filter(HealthCheck::agentSide).findFirst()
                .flatMap(check -> healthCheck(check, hostPorts))
                .ifPresent(task::setHealthCheck);
        return task.build();
    }

    /** {@code /prod/web} becomes {@code web.prod}, Marathon's task name (and Mesos-DNS name). */
    static String taskName(String appId) {
        List<String> segments = new ArrayList<>(Arrays.stream(appId.split("/")).filter(s -> !s.isEmpty()).toList());
        Collections.reverse(segments);
        return String.join(".", segments);
    }

    /**
     * The task's resources in the offer's own shape (legacy role field or refined reservations, and
     * its allocation_info), so that the master finds them contained in the offer.
     */
    @SuppressWarnings("deprecation") // the legacy role field is copied when the offer used it
    private List<Protos.Resource> resourceProtos(OfferView offer, Resources resources) {
        List<Protos.Resource> out = new ArrayList<>();
        for (Resource r : resources) {
            Protos.Resource.Builder b = Resources.of(r).toProto(null, true).get(0).toBuilder();
            Protos.Resource shape = offer.shapes().get(OfferView.shapeKey(r.name(), r.role()));
            if (shape != null) {
                b.clearRole().clearReservations().addAllReservations(shape.getReservationsList());
                if (shape.hasRole()) {
                    b.setRole(shape.getRole());
                }
                if (shape.hasAllocationInfo()) {
                    b.setAllocationInfo(shape.getAllocationInfo());
                }
            }
            if (!b.hasAllocationInfo() && frameworkRole != null) {
                b.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(frameworkRole));
            }
            out.add(b.build());
        }
        return out;
    }

    private static Protos.CommandInfo command(AppDefinition app, Map<String, String> environment) {
        Protos.CommandInfo.Builder command = Protos.CommandInfo.newBuilder();
        if (app.cmd() != null) {
            command.setShell(true).setValue(app.cmd());
        } else if (app.args() != null && !app.args().isEmpty()) {
            command.setShell(false).setValue(app.args().get(0)).addAllArguments(app.args());
        }
        if (app.user() != null) {
            command.setUser(app.user());
        }
        for (FetchUri fetch : app.fetch()) {
            Protos.CommandInfo.URI.Builder uri = Protos.CommandInfo.URI.newBuilder().setValue(fetch.uri())
                    .setExtract(fetch.extract()).setExecutable(fetch.executable()).setCache(fetch.cache());
            if (fetch.destPath() != null) {
                uri.setOutputFile(fetch.destPath());
            }
            command.addUris(uri);
        }
        Protos.Environment.Builder env = Protos.Environment.newBuilder();
        environment.forEach((name, value) -> env.addVariables(Protos.Environment.Variable.newBuilder()
                .setName(name).setType(Protos.Environment.Variable.Type.VALUE).setValue(value)));
        return command.setEnvironment(env).build();
    }

    /** Marathon's task environment; the app's own variables win over Marathon's names. */
    static Map<String, String> environment(AppDefinition app, String taskId, String hostname,
                                           List<Integer> hostPorts) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESOS_TASK_ID", taskId);
        env.put("MARATHON_APP_ID", app.id());
        if (app.version() != null) {
            env.put("MARATHON_APP_VERSION", app.version());
        }
        env.put("MARATHON_APP_RESOURCE_CPUS", Double.toString(app.cpus()));
        env.put("MARATHON_APP_RESOURCE_MEM", Double.toString(app.mem()));
        env.put("MARATHON_APP_RESOURCE_DISK", Double.toString(app.disk()));
        // Marathon counts GPUs as whole devices and prints them as an integer
        env.put("MARATHON_APP_RESOURCE_GPUS", Long.toString((long) app.gpus()));
        Map<String, String> labels = new LinkedHashMap<>();
        app.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(label -> labels.put(envName(label.getKey()), label.getValue()));
        env.put("MARATHON_APP_LABELS", String.join(" ", labels.keySet()));
        labels.forEach((name, value) -> env.put("MARATHON_APP_LABEL_" + name, value));
        env.put("HOST", hostname);
        if (!hostPorts.isEmpty()) {
            env.put("PORT", hostPorts.get(0).toString());
            for (int i = 0; i < hostPorts.size(); i++) {
                env.put("PORT" + i, hostPorts.get(i).toString());
            }
            env.put("PORTS", hostPorts.stream().map(String::valueOf).collect(Collectors.joining(",")));
            List<PortDefinition> definitions = app.portDefinitions();
            for (int i = 0; i < definitions.size() && i < hostPorts.size(); i++) {
                PortDefinition definition = definitions.get(i);
                if (definition.port() != 0) {
                    env.put("PORT_" + definition.port(), hostPorts.get(i).toString());
                }
                if (definition.name() != null && !definition.name().isEmpty()) {
                    env.put("PORT_" + envName(definition.name()), hostPorts.get(i).toString());
                }
            }
        }
        env.putAll(app.env());
        return env;
    }

    /** Marathon's escaping of names in variable names: runs of other characters become one {@code _}. */
    static String envName(String name) {
        return name.replaceAll("[^a-zA-Z0-9_]+", "_").toUpperCase(Locale.ROOT);
    }

    private static Protos.Labels labels(Map<String, String> labels) {
        Protos.Labels.Builder out = Protos.Labels.newBuilder();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(label ->
                out.addLabels(Protos.Label.newBuilder().setKey(label.getKey()).setValue(label.getValue())));
        return out.build();
    }

    /** One discovery port per port definition and protocol ({@code udp,tcp} gives two), as Marathon does. */
    private static Protos.DiscoveryInfo discovery(AppDefinition app, String name, List<Integer> hostPorts) {
        Protos.Ports.Builder ports = Protos.Ports.newBuilder();
        List<PortDefinition> definitions = app.portDefinitions();
        for (int i = 0; i < definitions.size() && i < hostPorts.size(); i++) {
            PortDefinition definition = definitions.get(i);
            for (String protocol : definition.protocol().split(",")) {
                Protos.Port.Builder port = Protos.Port.newBuilder().setNumber(hostPorts.get(i))
                        .setProtocol(protocol.strip());
                if (definition.name() != null && !definition.name().isEmpty()) {
                    port.setName(definition.name());
                }
                if (!definition.labels().isEmpty()) {
                    port.setLabels(labels(definition.labels()));
                }
                ports.addPorts(port);
            }
        }
        return Protos.DiscoveryInfo.newBuilder().setVisibility(Protos.DiscoveryInfo.Visibility.FRAMEWORK)
                .setName(name).setPorts(ports).build();
    }

    /** The Mesos form of an agent-side check; empty when its port cannot be resolved. */
    static Optional<Protos.HealthCheck> healthCheck(HealthCheck check, List<Integer> hostPorts) {
        Protos.HealthCheck.Builder out = Protos.HealthCheck.newBuilder()
                .setDelaySeconds(check.delaySeconds())
                .setIntervalSeconds(check.intervalSeconds())
                .setTimeoutSeconds(check.timeoutSeconds())
                .setConsecutiveFailures(check.maxConsecutiveFailures())
                .setGracePeriodSeconds(check.gracePeriodSeconds());
        if (check.protocol().equals("COMMAND")) {
            if (check.command() == null || check.command().value() == null) {
                return Optional.empty();
            }
            return Optional.of(out.setType(Protos.HealthCheck.Type.COMMAND)
                    .setCommand(Protos.CommandInfo.newBuilder().setShell(true).setValue(check.command().value()))
                    .build());
        }
        Optional<Integer> port = checkPort(check, hostPorts);
        if (port.isEmpty()) {
            return Optional.empty();
        }
        return switch (check.protocol()) {
            case "MESOS_HTTP", "MESOS_HTTPS" -> {
                Protos.HealthCheck.HTTPCheckInfo.Builder http = Protos.HealthCheck.HTTPCheckInfo.newBuilder()
                        .setScheme(check.protocol().equals("MESOS_HTTPS") ? "https" : "http")
                        .setPort(port.get());
                if (check.path() != null) {
                    http.setPath(check.path());
                }
                yield Optional.of(out.setType(Protos.HealthCheck.Type.HTTP).setHttp(http).build());
            }
            case "MESOS_TCP" -> Optional.of(out.setType(Protos.HealthCheck.Type.TCP)
                    .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(port.get())).build());
            default -> Optional.empty();
        };
    }

    private static Optional<Integer> checkPort(HealthCheck check, List<Integer> hostPorts) {
        if (check.port() != null) {
            return Optional.of(check.port());
        }
        int index = check.portIndex() == null ? 0 : check.portIndex();
        return index >= 0 && index < hostPorts.size() ? Optional.of(hostPorts.get(index)) : Optional.empty();
    }
}

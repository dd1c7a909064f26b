package io.plinth.agent.http.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.agent.api.AgentView;
import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.TaskView;
import io.plinth.mesos.api.resources.Attributes;
import io.plinth.mesos.api.resources.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders the agent's documents in Mesos' shapes: an {@link AgentView} as {@code /slave(1)/state},
 * {@link ContainerUsage} as {@code /monitor/statistics}, and the answers of {@code /files/browse} and
 * {@code /files/read}: pure functions, no I/O. The README next to
 * this class says where each field comes from. Thread-safe.
 */
public final class AgentDocuments {

    private static final Logger LOG = LoggerFactory.getLogger(AgentDocuments.class);

    private final Json json;

    public AgentDocuments(Json json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** {@code slave(1)@host:port}, the libprocess address Mesos' agents announce. */
    public static String pid(AgentView view) {
        return "slave(1)@" + view.hostname() + ":" + view.port();
    }

    /** {@code /slave(1)/state}: the agent, its resources, and its frameworks with their executors and tasks. */
    public ObjectNode state(AgentView view) {
        String agentId = view.id().map(id -> id.getValue()).orElse("");
        ObjectNode doc = json.object();
        doc.put("version", view.version());
        doc.put("start_time", seconds(view.startTime()));
        doc.put("id", agentId);
        doc.put("pid", pid(view));
        doc.put("hostname", view.hostname());
        doc.put("port", view.port());
        doc.set("resources", summary(view.resources()));
        doc.set("reserved_resources", reservedByRole(view.resources()));
        doc.set("unreserved_resources", summary(view.resources().stream().filter(r -> reservationRole(r).isEmpty()).toList()));
        doc.set("attributes", attributes(view.attributes()));
        ObjectNode flags = doc.putObject("flags");
        // Mesos' flags are the command line's strings, the port included
        flags.put("work_dir", view.workDir().toString());
        flags.put("hostname", view.hostname());
        flags.put("port", Integer.toString(view.port()));

        Runs runs = new Runs(view);
        ArrayNode frameworks = doc.putArray("frameworks");
        for (String frameworkId : runs.frameworkIds()) {
            frameworks.add(framework(frameworkId, runs, agentId));
        }
        // the agent forgets a framework with its last task; none is kept as "completed"
        doc.putArray("completed_frameworks");
        return doc;
    }

    /** {@code /monitor/statistics}: one entry per running container. */
    public ArrayNode statistics(List<ContainerUsage> usage) {
        ArrayNode array = json.array();
        for (ContainerUsage container : usage) {
            ObjectNode node = array.addObject();
            node.put("executor_id", container.executorId().getValue());
            node.put("executor_name", container.executorName());
            node.put("framework_id", container.frameworkId().getValue());
            node.put("source", container.executorId().getValue());
            ObjectNode statistics = node.putObject("statistics");
            statistics.put("timestamp", seconds(container.timestamp()));
            statistics.put("cpus_limit", container.cpusLimit());
            statistics.put("cpus_user_time_secs", container.cpusUserTimeSecs());
            statistics.put("cpus_system_time_secs", container.cpusSystemTimeSecs());
            statistics.put("mem_limit_bytes", container.memLimitBytes());
            statistics.put("mem_rss_bytes", container.memRssBytes());
            statistics.put("processes", container.processes());
            statistics.put("threads", container.threads());
        }
        return array;
    }

    /** {@code /files/browse}: {@code [{path, nlink, size, mtime, mode, uid, gid}]}. */
    public ArrayNode listing(List<FileEntry> entries) {
        ArrayNode array = json.array();
        for (FileEntry entry : entries) {
            ObjectNode node = array.addObject();
            node.put("path", entry.path());
            node.put("nlink", entry.nlink());
            node.put("size", entry.size());
            node.put("mtime", entry.mtime());
            node.put("mode", entry.mode());
            node.put("uid", entry.uid());
            node.put("gid", entry.gid());
        }
        return array;
    }

    /** {@code /files/read}: {@code {"data": .., "offset": ..}}. */
    public ObjectNode chunk(FileChunk chunk) {
        ObjectNode node = json.object();
        node.put("data", chunk.data());
        node.put("offset", chunk.offset());
        return node;
    }

    // ---- parts ----

    private ObjectNode framework(String frameworkId, Runs runs, String agentId) {
        Optional<FrameworkInfo> info = Optional.ofNullable(runs.frameworks.get(frameworkId));
        List<String> roles = info.map(AgentDocuments::roles).orElse(List.of("*"));
        ObjectNode node = json.object();
        node.put("id", frameworkId);
        node.put("name", info.map(FrameworkInfo::getName).orElse(""));
        node.put("user", info.map(FrameworkInfo::getUser).orElse(""));
        node.put("hostname", info.map(FrameworkInfo::getHostname).orElse(""));
        // as on the master: Mesos writes "roles" for MULTI_ROLE frameworks, "role" for the others
        node.put("role", roles.get(0));
        ArrayNode roleArray = node.putArray("roles");
        roles.forEach(roleArray::add);
        info.ifPresent(i -> {
            node.put("failover_timeout", i.getFailoverTimeout());
            node.put("checkpoint", i.getCheckpoint());
            if (i.hasPrincipal()) {
                node.put("principal", i.getPrincipal());
            }
        });
        ArrayNode executors = node.putArray("executors");
        runs.live.values().stream().filter(run -> run.frameworkId.equals(frameworkId))
                .forEach(run -> executors.add(executor(run, roles.get(0), agentId)));
        ArrayNode completed = node.putArray("completed_executors");
        runs.completed.values().stream().filter(run -> run.frameworkId.equals(frameworkId))
                .forEach(run -> completed.add(executor(run, roles.get(0), agentId)));
        return node;
    }

    private ObjectNode executor(Run run, String frameworkRole, String agentId) {
        TaskView first = run.first;
        Optional<ExecutorInfo> info = first.executor();
        String executorId = first.executorId().getValue();
        ObjectNode node = json.object();
        node.put("id", executorId);
        node.put("name", info.filter(ExecutorInfo::hasName).map(ExecutorInfo::getName)
                .orElse("Command Executor (Task: " + first.task().getTaskId().getValue() + ")"));
        // Mesos' command executor has its task's id as source, which is its executor id here
        node.put("source", info.filter(AgentDocuments::hasSource).map(AgentDocuments::source).orElse(executorId));
        node.put("container", first.containerId().getValue());
        node.put("directory", first.sandbox().toString());
        info.filter(ExecutorInfo::hasType).ifPresent(i -> node.put("type", i.getType().name()));
        info.filter(ExecutorInfo::hasLabels).ifPresent(i -> node.set("labels", labels(i.getLabels())));

        // what the run holds: the executor's own resources and those of its tasks still running,
        // or of all its tasks once the whole run has ended
        List<Resource> held = new ArrayList<>(info.map(ExecutorInfo::getResourcesList).orElse(List.of()));
        List<TaskView> holding = run.running.isEmpty() && run.endedLive.isEmpty() ? run.endedCompleted : run.running;
        holding.forEach(task -> held.addAll(task.task().getResourcesList()));
        node.set("resources", summary(held));

        ArrayNode tasks = node.putArray("tasks");
        run.running.forEach(task -> tasks.add(task(task, frameworkRole, agentId)));
        // tasks wait in an agent's queue only while their executor registers; Plinth launches at once
        node.putArray("queued_tasks");
        ArrayNode completed = node.putArray("completed_tasks");
        // acknowledged ones ended before those still waiting for acknowledgement
        run.endedCompleted.forEach(task -> completed.add(task(task, frameworkRole, agentId)));
        run.endedLive.forEach(task -> completed.add(task(task, frameworkRole, agentId)));
        return node;
    }

    private ObjectNode task(TaskView view, String frameworkRole, String agentId) {
        TaskInfo task = view.task();
        ObjectNode node = json.object();
        node.put("id", task.getTaskId().getValue());
        node.put("name", task.getName());
        node.put("framework_id", view.frameworkId().getValue());
        // as in Mesos' task JSON, a command task names no executor
        node.put("executor_id", view.executor().isPresent() ? view.executorId().getValue() : "");
        node.put("slave_id", task.hasAgentId() ? task.getAgentId().getValue() : agentId);
        node.put("state", view.state().name());
        node.set("resources", summary(task.getResourcesList()));
        node.put("role", task.getResourcesList().stream().filter(Resource::hasAllocationInfo)
                .map(r -> r.getAllocationInfo().getRole()).findFirst().orElse(frameworkRole));
        ArrayNode statuses = node.putArray("statuses");
        view.statuses().forEach(status -> statuses.add(status(status)));
        if (task.hasLabels() && task.getLabels().getLabelsCount() > 0) {
            node.set("labels", labels(task.getLabels()));
        }
        if (task.hasDiscovery()) {
            node.set("discovery", json.protobuf(task.getDiscovery()));
        }
        return node;
    }

    private ObjectNode status(TaskStatus status) {
        ObjectNode node = json.object();
        node.put("state", status.getState().name());
        node.put("timestamp", status.getTimestamp());
        if (status.hasHealthy()) {
            node.put("healthy", status.getHealthy());
        }
        if (status.hasMessage()) {
            node.put("message", status.getMessage());
        }
        if (status.hasReason()) {
            node.put("reason", status.getReason().name());
        }
        if (status.hasLabels() && status.getLabels().getLabelsCount() > 0) {
            node.set("labels", labels(status.getLabels()));
        }
        if (status.hasContainerStatus()) {
            // where tools find a task's IP addresses
            node.set("container_status", json.protobuf(status.getContainerStatus()));
        }
        return node;
    }

    /** Labels as a bare {@code [{key, value}]} array, as everywhere in Mesos' v0 documents. */
    private ArrayNode labels(Labels labels) {
        ArrayNode array = json.array();
        for (Label label : labels.getLabelsList()) {
            ObjectNode node = array.addObject();
            node.put("key", label.getKey());
            if (label.hasValue()) {
                node.put("value", label.getValue());
            }
        }
        return array;
    }

    /**
     * The v0 summary of resources: {@code {"cpus":4.0,"mem":..,"disk":..,"gpus":..,"ports":"[31000-32000]"}}
     * as the shared model prints it, revocable ones under {@code <name>_revocable}. TEXT resources
     * are left out, as Mesos does; a resource the model rejects is left out rather than failing the
     * whole document.
     */
    ObjectNode summary(Collection<Resource> resources) {
        List<Resource> regular = new ArrayList<>();
        List<Resource> revocable = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource.getType() != Value.Type.TEXT) {
                (resource.hasRevocable() ? revocable : regular).add(plain(resource));
            }
        }
        ObjectNode summary = json.object();
        model(regular).toStateJson().forEach((name, value) -> put(summary, name, value));
        if (!revocable.isEmpty()) {
            Resources model = model(revocable);
            model.toStateJson().forEach((name, value) -> {
                if (model.names().contains(name)) {
                    put(summary, name + "_revocable", value);
                }
            });
        }
        return summary;
    }

    private ObjectNode reservedByRole(List<Resource> resources) {
        Map<String, List<Resource>> byRole = new LinkedHashMap<>();
        resources.forEach(r -> reservationRole(r).ifPresent(role -> byRole.computeIfAbsent(role, x -> new ArrayList<>()).add(r)));
        ObjectNode reserved = json.object();
        byRole.forEach((role, list) -> reserved.set(role, summary(list)));
        return reserved;
    }

    /** Attributes as {@code {"name": value}}: scalars as numbers, ranges and sets as text, text as is. */
    private ObjectNode attributes(List<Attribute> attributes) {
        ObjectNode object = json.object();
        Attributes model;
        try {
            model = Attributes.fromProto(attributes);
        } catch (IllegalArgumentException e) {
            LOG.debug("Skipping malformed agent attributes: {}", e.getMessage());
            model = Attributes.fromProto(attributes.stream().filter(readable(a -> Attributes.fromProto(List.of(a)))).toList());
        }
        model.toStateJson().forEach((name, value) -> put(object, name, value));
        return object;
    }

    private static Resources model(List<Resource> resources) {
        try {
            return Resources.fromProto(resources);
        } catch (IllegalArgumentException e) {
            LOG.debug("Leaving resources the model rejects out of a summary: {}", e.getMessage());
            return Resources.fromProto(resources.stream().filter(readable(r -> Resources.fromProto(List.of(r)))).toList());
        }
    }

    private static <T> Predicate<T> readable(java.util.function.Consumer<T> reader) {
        return item -> {
            try {
                reader.accept(item);
                return true;
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
    }

    /** A resource without what a summary does not show and the shared model refuses to read. */
    private static Resource plain(Resource resource) {
        if (!resource.hasDisk() && !resource.hasShared() && !resource.hasProviderId() && !resource.hasRevocable()) {
            return resource;
        }
        return resource.toBuilder().clearDisk().clearShared().clearProviderId().clearRevocable().build();
    }

    /** The role a resource is reserved for: the last (most refined) reservation, else the legacy role unless {@code *}. */
    @SuppressWarnings("deprecation") // Resource.role: how pre-1.4 peers state a reservation
    private static Optional<String> reservationRole(Resource resource) {
        if (resource.getReservationsCount() > 0) {
            return Optional.of(resource.getReservations(resource.getReservationsCount() - 1).getRole());
        }
        if (resource.hasRole() && !resource.getRole().isEmpty() && !resource.getRole().equals("*")) {
            return Optional.of(resource.getRole());
        }
        return Optional.empty();
    }

    @SuppressWarnings("deprecation") // FrameworkInfo.role: still how single-role frameworks name their role
    private static List<String> roles(FrameworkInfo info) {
        return info.getRolesCount() > 0 ? info.getRolesList() : List.of(info.hasRole() ? info.getRole() : "*");
    }

    @SuppressWarnings("deprecation") // ExecutorInfo.source: what Mesos still shows as an executor's source
    private static boolean hasSource(ExecutorInfo info) {
        return info.hasSource();
    }

    @SuppressWarnings("deprecation")
    private static String source(ExecutorInfo info) {
        return info.getSource();
    }

    private static void put(ObjectNode node, String name, Object value) {
        if (value instanceof Number number) {
            node.put(name, number.doubleValue());
        } else {
            node.put(name, String.valueOf(value));
        }
    }

    static double seconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    /** One executor run (one container) of one framework, with its tasks sorted for the document. */
    private static final class Run {
        final String frameworkId;
        final TaskView first;
        final List<TaskView> running = new ArrayList<>();
        /** Ended, but their updates are not all acknowledged yet: still among the agent's live tasks. */
        final List<TaskView> endedLive = new ArrayList<>();
        /** Ended and acknowledged. */
        final List<TaskView> endedCompleted = new ArrayList<>();

        Run(TaskView first) {
            this.frameworkId = first.frameworkId().getValue();
            this.first = first;
        }
    }

    /** The view's tasks grouped by framework and executor run, in the order the view lists them. */
    private static final class Runs {
        final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
        final Map<List<String>, Run> live = new LinkedHashMap<>();
        final Map<List<String>, Run> completed = new LinkedHashMap<>();

        Runs(AgentView view) {
            view.frameworks().forEach(f -> frameworks.putIfAbsent(f.getId().getValue(), f));
            for (TaskView task : view.tasks()) {
                Run run = live.computeIfAbsent(key(task), k -> new Run(task));
                (StatusReport.isTerminal(task.state()) ? run.endedLive : run.running).add(task);
            }
            for (TaskView task : view.completedTasks()) {
                // a task of a group that ended while its siblings run stays with its running executor
                Run run = live.containsKey(key(task)) ? live.get(key(task))
                        : completed.computeIfAbsent(key(task), k -> new Run(task));
                run.endedCompleted.add(task);
            }
        }

        /** The frameworks the view names, then any that only its tasks name. */
        List<String> frameworkIds() {
            List<String> ids = new ArrayList<>(frameworks.keySet());
            live.values().forEach(run -> addIfAbsent(ids, run.frameworkId));
            completed.values().forEach(run -> addIfAbsent(ids, run.frameworkId));
            return ids;
        }

        private static void addIfAbsent(List<String> ids, String id) {
            if (!ids.contains(id)) {
                ids.add(id);
            }
        }

        /** An executor id may be reused by a later run; the container tells the runs apart. */
        private static List<String> key(TaskView task) {
            return List.of(task.frameworkId().getValue(), task.executorId().getValue(), task.containerId().getValue());
        }
    }
}

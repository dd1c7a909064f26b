package io.plinth.master.operator.state;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerStatus;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Task;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.master.Protos.Response.GetAgents;
import org.apache.mesos.v1.master.Protos.Response.GetExecutors;
import org.apache.mesos.v1.master.Protos.Response.GetFrameworks;
import org.apache.mesos.v1.master.Protos.Response.GetRoles;
import org.apache.mesos.v1.master.Protos.Response.GetState;
import org.apache.mesos.v1.master.Protos.Response.GetTasks;

/**
 * Renders the leading master's state in the shape of Mesos' v0 endpoints ({@code /master/state},
 * {@code /master/state-summary}, {@code /master/slaves}, {@code /master/frameworks},
 * {@code /master/tasks}, {@code /master/roles}): pure functions of a {@link MasterSnapshot}, no I/O.
 * The README next to this class maps each v0 field to the v1 field it comes from. Thread-safe.
 */
public final class StateDocuments {

    /** The task states {@code /master/state-summary} counts, in Mesos' order. */
    static final List<TaskState> SUMMARY_STATES = List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING,
            TaskState.TASK_RUNNING, TaskState.TASK_KILLING, TaskState.TASK_FINISHED, TaskState.TASK_KILLED,
            TaskState.TASK_FAILED, TaskState.TASK_LOST, TaskState.TASK_ERROR, TaskState.TASK_UNREACHABLE);

    private final Json json;
    private final ResourceJson resources;
    private final Optional<String> cluster;
    private final BuildInfo build;

    /**
     * @param cluster the cluster's name, shown as {@code cluster} when set (Mesos' {@code --cluster})
     * @param build   what {@code version} and {@code build_*} report
     */
    public StateDocuments(Json json, Optional<String> cluster, BuildInfo build) {
        this.json = Objects.requireNonNull(json, "json");
        this.resources = new ResourceJson(json);
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.build = Objects.requireNonNull(build, "build");
    }

    /** {@code /master/state}: the master, its agents, and every framework with its tasks, offers and executors. */
    public ObjectNode state(MasterSnapshot snapshot) {
        MasterInfo master = snapshot.master();
        GetState state = snapshot.state();
        Index index = new Index(snapshot);
        List<GetAgents.Agent> agents = state.getGetAgents().getAgentsList();

        ObjectNode doc = json.object();
        doc.put("version", build.versionOf(master));
        doc.put("build_date", build.buildDate());
        doc.put("build_time", build.buildTime());
        doc.put("build_user", build.buildUser());
        doc.put("start_time", MasterSnapshot.seconds(snapshot.startTimeMillis()));
        doc.put("elected_time", MasterSnapshot.seconds(snapshot.electedTimeMillis()));
        doc.put("id", master.getId());
        doc.put("pid", Addresses.pid(master));
        doc.put("hostname", master.getHostname());
        ArrayNode capabilities = doc.putArray("capabilities");
        master.getCapabilitiesList().forEach(c -> capabilities.add(c.getType().name()));
        // Mesos reports these gauges as doubles
        doc.put("activated_slaves", (double) agents.stream().filter(GetAgents.Agent::getActive).count());
        doc.put("deactivated_slaves", (double) agents.stream().filter(a -> !a.getActive()).count());
        doc.put("unreachable_slaves", snapshot.unreachableAgents());
        if (master.hasDomain()) {
            doc.set("domain", json.protobuf(master.getDomain()));
        }
        // only the leader renders this document, so the leader is this master
        doc.put("leader", Addresses.pid(master));
        doc.set("leader_info", masterInfo(master));
        cluster.ifPresent(name -> doc.put("cluster", name));
        ObjectNode flags = doc.putObject("flags");
        MasterFlags.of(master, cluster).forEach(flags::put);

        ArrayNode slaves = doc.putArray("slaves");
        agents.forEach(agent -> slaves.add(slave(agent)));
        ArrayNode recovered = doc.putArray("recovered_slaves");
        state.getGetAgents().getRecoveredAgentsList().forEach(info -> recovered.add(agentInfo(info)));
        ArrayNode frameworks = doc.putArray("frameworks");
        state.getGetFrameworks().getFrameworksList().forEach(f -> frameworks.add(framework(f, index)));
        ArrayNode completed = doc.putArray("completed_frameworks");
        state.getGetFrameworks().getCompletedFrameworksList().forEach(f -> completed.add(framework(f, index)));
        // Mesos keeps these two for compatibility and always leaves them empty
        doc.putArray("orphan_tasks");
        doc.putArray("unregistered_frameworks");
        return doc;
    }

    /**
     * {@code /master/state-summary}: agents and registered frameworks without their tasks, with task
     * counts per state and which frameworks run on which agents.
     */
    public ObjectNode stateSummary(MasterSnapshot snapshot) {
        GetState state = snapshot.state();
        Map<String, Map<TaskState, Integer>> countsByAgent = new HashMap<>();
        Map<String, Map<TaskState, Integer>> countsByFramework = new HashMap<>();
        Map<String, Set<String>> frameworksByAgent = new HashMap<>();
        Map<String, Set<String>> agentsByFramework = new HashMap<>();
        Set<String> registered = new LinkedHashSet<>();
        state.getGetFrameworks().getFrameworksList().forEach(f -> registered.add(frameworkId(f.getFrameworkInfo())));
        allTasks(state.getGetTasks()).forEach(task -> {
            String frameworkId = task.getFrameworkId().getValue();
            // like Mesos, summarise the tasks of registered frameworks only
            if (!registered.contains(frameworkId)) {
                return;
            }
            String agentId = task.getAgentId().getValue();
            countsByAgent.computeIfAbsent(agentId, a -> new EnumMap<>(TaskState.class)).merge(task.getState(), 1, Integer::sum);
            countsByFramework.computeIfAbsent(frameworkId, f -> new EnumMap<>(TaskState.class)).merge(task.getState(), 1, Integer::sum);
            frameworksByAgent.computeIfAbsent(agentId, a -> new LinkedHashSet<>()).add(frameworkId);
            agentsByFramework.computeIfAbsent(frameworkId, f -> new LinkedHashSet<>()).add(agentId);
        });

        ObjectNode doc = json.object();
        doc.put("hostname", snapshot.master().getHostname());
        cluster.ifPresent(name -> doc.put("cluster", name));
        ArrayNode slaves = doc.putArray("slaves");
        for (GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
            String id = agent.getAgentInfo().getId().getValue();
            ObjectNode slave = slave(agent);
            putCounts(slave, countsByAgent.getOrDefault(id, Map.of()));
            ArrayNode ids = slave.putArray("framework_ids");
            frameworksByAgent.getOrDefault(id, Set.of()).forEach(ids::add);
            slaves.add(slave);
        }
        ArrayNode frameworks = doc.putArray("frameworks");
        for (GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
            String id = frameworkId(framework.getFrameworkInfo());
            ObjectNode summary = frameworkSummary(framework);
            putCounts(summary, countsByFramework.getOrDefault(id, Map.of()));
            ArrayNode ids = summary.putArray("slave_ids");
            agentsByFramework.getOrDefault(id, Set.of()).forEach(ids::add);
            frameworks.add(summary);
        }
        return doc;
    }

    /**
     * {@code /master/slaves}: every registered agent (or only {@code agentId}) with, besides the
     * summaries, its reserved, unreserved, used and offered resources in full protobuf JSON, and the
     * agents recovered from the registry that have not re-registered yet.
     */
    public ObjectNode slaves(MasterSnapshot snapshot, Optional<String> agentId) {
        GetAgents agents = snapshot.state().getGetAgents();
        ObjectNode doc = json.object();
        ArrayNode slaves = doc.putArray("slaves");
        for (GetAgents.Agent agent : agents.getAgentsList()) {
            if (agentId.isPresent() && !agentId.get().equals(agent.getAgentInfo().getId().getValue())) {
                continue;
            }
            ObjectNode slave = slave(agent);
            ObjectNode reservedFull = slave.putObject("reserved_resources_full");
            Map<String, List<Resource>> byRole = new LinkedHashMap<>();
            for (Resource resource : agent.getTotalResourcesList()) {
                ResourceJson.reservationRole(resource)
                        .ifPresent(role -> byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(resource));
            }
            byRole.forEach((role, list) -> reservedFull.set(role, protobufs(list)));
            slave.set("unreserved_resources_full", protobufs(agent.getTotalResourcesList().stream()
                    .filter(r -> ResourceJson.reservationRole(r).isEmpty()).toList()));
            slave.set("used_resources_full", protobufs(agent.getAllocatedResourcesList()));
            slave.set("offered_resources_full", protobufs(agent.getOfferedResourcesList()));
            slaves.add(slave);
        }
        ArrayNode recovered = doc.putArray("recovered_slaves");
        agents.getRecoveredAgentsList().stream()
                .filter(info -> agentId.isEmpty() || agentId.get().equals(info.getId().getValue()))
                .forEach(info -> recovered.add(agentInfo(info)));
        return doc;
    }

    /** {@code /master/frameworks}: registered and completed frameworks (or only {@code frameworkId}), in full. */
    public ObjectNode frameworks(MasterSnapshot snapshot, Optional<String> frameworkId) {
        GetFrameworks frameworks = snapshot.state().getGetFrameworks();
        Index index = new Index(snapshot);
        ObjectNode doc = json.object();
        ArrayNode registered = doc.putArray("frameworks");
        frameworks.getFrameworksList().stream()
                .filter(f -> frameworkId.isEmpty() || frameworkId.get().equals(frameworkId(f.getFrameworkInfo())))
                .forEach(f -> registered.add(framework(f, index)));
        ArrayNode completed = doc.putArray("completed_frameworks");
        frameworks.getCompletedFrameworksList().stream()
                .filter(f -> frameworkId.isEmpty() || frameworkId.get().equals(frameworkId(f.getFrameworkInfo())))
                .forEach(f -> completed.add(framework(f, index)));
        doc.putArray("unregistered_frameworks");
        return doc;
    }

    /**
     * {@code /master/tasks}: launched, unreachable and completed tasks of all frameworks (pending
     * ones are left out, as Mesos does), filtered, ordered by the timestamp of their first status
     * (tasks without a status first when ascending, last when descending), then paged.
     */
    public ObjectNode tasks(MasterSnapshot snapshot, TaskQuery query) {
        GetTasks tasks = snapshot.state().getGetTasks();
        Index index = new Index(snapshot);
        List<Task> selected = Stream.of(tasks.getTasksList(), tasks.getUnreachableTasksList(), tasks.getCompletedTasksList())
                .flatMap(List::stream)
                .filter(t -> query.frameworkId().isEmpty() || query.frameworkId().get().equals(t.getFrameworkId().getValue()))
                .filter(t -> query.taskId().isEmpty() || query.taskId().get().equals(t.getTaskId().getValue()))
                .sorted(firstStatusOrder(query.order()))
                .skip(query.offset())
                .limit(query.limit())
                .toList();
        ObjectNode doc = json.object();
        ArrayNode array = doc.putArray("tasks");
        selected.forEach(task -> array.add(task(task, index)));
        return doc;
    }

    /** {@code /master/roles}: each known role's weight, the resources allocated and offered to it, and its frameworks. */
    public ObjectNode roles(GetRoles roles) {
        ObjectNode doc = json.object();
        ArrayNode array = doc.putArray("roles");
        roles.getRolesList().forEach(role -> {
            ObjectNode node = array.addObject();
            node.put("name", role.getName());
            node.put("weight", role.getWeight());
            node.set("resources", resources.summary(role.getResourcesList()));
            ArrayNode frameworks = node.putArray("frameworks");
            role.getFrameworksList().forEach(id -> frameworks.add(id.getValue()));
        });
        return doc;
    }

    // ---- parts ----

    private ObjectNode masterInfo(MasterInfo master) {
        ObjectNode node = json.object();
        node.put("id", master.getId());
        node.put("pid", Addresses.pid(master));
        node.put("port", master.getPort());
        node.put("hostname", master.getHostname());
        if (master.hasDomain()) {
            node.set("domain", json.protobuf(master.getDomain()));
        }
        return node;
    }

    private ObjectNode agentInfo(AgentInfo info) {
        ObjectNode node = json.object();
        node.put("id", info.getId().getValue());
        node.put("hostname", info.getHostname());
        node.put("port", info.getPort());
        node.set("attributes", resources.attributes(info.getAttributesList()));
        if (info.hasDomain()) {
            node.set("domain", json.protobuf(info.getDomain()));
        }
        return node;
    }

    private ObjectNode slave(GetAgents.Agent agent) {
        ObjectNode node = agentInfo(agent.getAgentInfo());
        node.put("pid", Addresses.pid(agent));
        node.put("registered_time", seconds(agent.getRegisteredTime()));
        if (agent.hasReregisteredTime()) {
            node.put("reregistered_time", seconds(agent.getReregisteredTime()));
        }
        node.set("resources", resources.summary(agent.getTotalResourcesList()));
        node.set("used_resources", resources.summary(agent.getAllocatedResourcesList()));
        node.set("offered_resources", resources.summary(agent.getOfferedResourcesList()));
        node.set("reserved_resources", resources.byReservationRole(agent.getTotalResourcesList()));
        node.set("unreserved_resources", resources.unreserved(agent.getTotalResourcesList()));
        node.put("active", agent.getActive());
        node.put("version", agent.getVersion());
        ArrayNode capabilities = node.putArray("capabilities");
        agent.getCapabilitiesList().forEach(c -> capabilities.add(c.getType().name()));
        return node;
    }

    /** The fields {@code /master/state-summary} and {@code /master/state} share. */
    private ObjectNode frameworkSummary(GetFrameworks.Framework framework) {
        FrameworkInfo info = framework.getFrameworkInfo();
        ObjectNode node = json.object();
        node.put("id", frameworkId(info));
        node.put("name", info.getName());
        // no "pid": Plinth's frameworks all speak the HTTP API, for which Mesos omits it
        node.set("used_resources", resources.summary(framework.getAllocatedResourcesList()));
        node.set("offered_resources", resources.summary(framework.getOfferedResourcesList()));
        ArrayNode capabilities = node.putArray("capabilities");
        info.getCapabilitiesList().forEach(c -> capabilities.add(c.getType().name()));
        node.put("hostname", info.getHostname());
        node.put("webui_url", info.getWebuiUrl());
        node.put("active", framework.getActive());
        node.put("connected", framework.getConnected());
        node.put("recovered", framework.getRecovered());
        return node;
    }

    private ObjectNode framework(GetFrameworks.Framework framework, Index index) {
        FrameworkInfo info = framework.getFrameworkInfo();
        String id = frameworkId(info);
        ObjectNode node = frameworkSummary(framework);
        node.put("user", info.getUser());
        node.put("failover_timeout", info.getFailoverTimeout());
        node.put("checkpoint", info.getCheckpoint());
        node.put("registered_time", seconds(framework.getRegisteredTime()));
        node.put("unregistered_time", seconds(framework.getUnregisteredTime()));
        if (info.hasPrincipal()) {
            node.put("principal", info.getPrincipal());
        }
        List<Resource> usedAndOffered = new ArrayList<>(framework.getAllocatedResourcesList());
        usedAndOffered.addAll(framework.getOfferedResourcesList());
        node.set("resources", resources.summary(usedAndOffered));
        if (framework.hasReregisteredTime()
                && framework.getReregisteredTime().getNanoseconds() != framework.getRegisteredTime().getNanoseconds()) {
            node.put("reregistered_time", seconds(framework.getReregisteredTime()));
        }
        // Mesos writes "roles" for MULTI_ROLE frameworks and "role" for the others; both are written
        // here so that tools looking for either find it
        List<String> roles = roles(info);
        node.put("role", roles.get(0));
        ArrayNode roleArray = node.putArray("roles");
        roles.forEach(roleArray::add);

        FrameworkTasks tasks = index.tasks.getOrDefault(id, FrameworkTasks.NONE);
        ArrayNode active = node.putArray("tasks");
        tasks.active.forEach(task -> active.add(task(task, index)));
        ArrayNode unreachable = node.putArray("unreachable_tasks");
        tasks.unreachable.forEach(task -> unreachable.add(task(task, index)));
        ArrayNode completed = node.putArray("completed_tasks");
        tasks.completed.forEach(task -> completed.add(task(task, index)));
        ArrayNode offers = node.putArray("offers");
        index.offers.getOrDefault(id, List.of()).forEach(offer -> offers.add(offer(offer)));
        ArrayNode executors = node.putArray("executors");
        index.executors.getOrDefault(id, List.of()).forEach(executor -> executors.add(executor(executor)));
        if (info.hasLabels()) {
            node.set("labels", labels(info.getLabels()));
        }
        return node;
    }

    private ObjectNode task(Task task, Index index) {
        ObjectNode node = json.object();
        node.put("id", task.getTaskId().getValue());
        node.put("name", task.getName());
        node.put("framework_id", task.getFrameworkId().getValue());
        node.put("executor_id", task.getExecutorId().getValue());
        node.put("slave_id", task.getAgentId().getValue());
        node.put("state", task.getState().name());
        node.set("resources", resources.summary(task.getResourcesList()));
        if (task.getLimitsCount() > 0) {
            ObjectNode limits = node.putObject("limits");
            new java.util.TreeMap<>(task.getLimitsMap()).forEach((name, limit) -> limits.put(name, limit.getValue()));
        }
        node.put("role", taskRole(task, index));
        ArrayNode statuses = node.putArray("statuses");
        task.getStatusesList().forEach(status -> statuses.add(status(status)));
        if (task.hasUser()) {
            node.put("user", task.getUser());
        }
        if (task.hasLabels()) {
            node.set("labels", labels(task.getLabels()));
        }
        if (task.hasDiscovery()) {
            node.set("discovery", json.protobuf(task.getDiscovery()));
        }
        if (task.hasContainer()) {
            node.set("container", json.protobuf(task.getContainer()));
        }
        if (task.hasHealthCheck()) {
            node.set("health_check", json.protobuf(task.getHealthCheck()));
        }
        return node;
    }

    /**
     * The role the task's resources are allocated to. Mesos takes it from the first resource's
     * {@code allocation_info}; a task without one falls back to its framework's first role.
     */
    private static String taskRole(Task task, Index index) {
        return task.getResourcesList().stream()
                .filter(Resource::hasAllocationInfo)
                .map(r -> r.getAllocationInfo().getRole())
                .findFirst()
                .orElseGet(() -> index.frameworkRoles.getOrDefault(task.getFrameworkId().getValue(), "*"));
    }

    private ObjectNode status(TaskStatus status) {
        ObjectNode node = json.object();
        node.put("state", status.getState().name());
        node.put("timestamp", status.getTimestamp());
        if (status.hasLabels()) {
            node.set("labels", labels(status.getLabels()));
        }
        if (status.hasContainerStatus()) {
            node.set("container_status", containerStatus(status.getContainerStatus()));
        }
        if (status.hasHealthy()) {
            node.put("healthy", status.getHealthy());
        }
        return node;
    }

    private ObjectNode containerStatus(ContainerStatus status) {
        ObjectNode node = json.object();
        if (status.hasContainerId()) {
            node.set("container_id", json.protobuf(status.getContainerId()));
        }
        if (status.getNetworkInfosCount() > 0) {
            ArrayNode networks = node.putArray("network_infos");
            status.getNetworkInfosList().forEach(info -> networks.add(networkInfo(info)));
        }
        if (status.hasCgroupInfo()) {
            node.set("cgroup_info", json.protobuf(status.getCgroupInfo()));
        }
        return node;
    }

    /** As protobuf JSON, except that labels are a bare array, as everywhere in Mesos' v0 documents. */
    private ObjectNode networkInfo(NetworkInfo info) {
        ObjectNode node = json.object();
        if (info.getGroupsCount() > 0) {
            ArrayNode groups = node.putArray("groups");
            info.getGroupsList().forEach(groups::add);
        }
        if (info.hasLabels()) {
            node.set("labels", labels(info.getLabels()));
        }
        if (info.getIpAddressesCount() > 0) {
            ArrayNode addresses = node.putArray("ip_addresses");
            info.getIpAddressesList().forEach(address -> addresses.add(json.protobuf(address)));
        }
        if (info.hasName()) {
            node.put("name", info.getName());
        }
        if (info.getPortMappingsCount() > 0) {
            ArrayNode mappings = node.putArray("port_mappings");
            info.getPortMappingsList().forEach(mapping -> mappings.add(json.protobuf(mapping)));
        }
        return node;
    }

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

    private ObjectNode offer(Offer offer) {
        ObjectNode node = json.object();
        node.put("id", offer.getId().getValue());
        node.put("framework_id", offer.getFrameworkId().getValue());
        node.set("allocation_info", json.protobuf(offer.getAllocationInfo()));
        node.put("slave_id", offer.getAgentId().getValue());
        node.set("resources", resources.summary(offer.getResourcesList()));
        return node;
    }

    private ObjectNode executor(GetExecutors.Executor executor) {
        ExecutorInfo info = executor.getExecutorInfo();
        ObjectNode node = json.object();
        node.put("executor_id", info.getExecutorId().getValue());
        node.put("name", info.getName());
        node.put("framework_id", info.getFrameworkId().getValue());
        node.set("command", command(info.getCommand()));
        node.set("resources", resources.summary(info.getResourcesList()));
        // executors, like tasks, never mix resources allocated to different roles
        info.getResourcesList().stream()
                .filter(Resource::hasAllocationInfo)
                .findFirst()
                .ifPresent(r -> node.put("role", r.getAllocationInfo().getRole()));
        if (info.hasLabels()) {
            node.set("labels", labels(info.getLabels()));
        }
        if (info.hasType()) {
            node.put("type", info.getType().name());
        }
        node.put("slave_id", executor.getAgentId().getValue());
        return node;
    }

    private ObjectNode command(CommandInfo command) {
        ObjectNode node = json.object();
        if (command.hasShell()) {
            node.put("shell", command.getShell());
        }
        if (command.hasValue()) {
            node.put("value", command.getValue());
        }
        ArrayNode argv = node.putArray("argv");
        command.getArgumentsList().forEach(argv::add);
        if (command.hasEnvironment()) {
            node.set("environment", json.protobuf(command.getEnvironment()));
        }
        ArrayNode uris = node.putArray("uris");
        command.getUrisList().forEach(uri -> {
            ObjectNode u = uris.addObject();
            u.put("value", uri.getValue());
            u.put("executable", uri.getExecutable());
        });
        return node;
    }

    private ArrayNode protobufs(List<Resource> list) {
        ArrayNode array = json.array();
        list.forEach(resource -> array.add(json.protobuf(resource)));
        return array;
    }

    private static void putCounts(ObjectNode node, Map<TaskState, Integer> counts) {
        SUMMARY_STATES.forEach(state -> node.put(state.name(), counts.getOrDefault(state, 0)));
    }

    private static Comparator<Task> firstStatusOrder(TaskQuery.Order order) {
        // tasks without a status sort before all others ascending and after all others descending
        Comparator<Task> ascending = Comparator.comparing(
                (Task t) -> t.getStatusesCount() == 0 ? Double.NEGATIVE_INFINITY : t.getStatuses(0).getTimestamp());
        return order == TaskQuery.Order.ASC ? ascending : ascending.reversed();
    }

    static String frameworkId(FrameworkInfo info) {
        return info.getId().getValue();
    }

    /** A framework's roles: {@code roles} of a multi-role framework, else its single {@code role}. */
    @SuppressWarnings("deprecation") // FrameworkInfo.role: still how single-role frameworks name their role
    static List<String> roles(FrameworkInfo info) {
        return info.getRolesCount() > 0 ? info.getRolesList() : List.of(info.getRole());
    }

    static double seconds(TimeInfo time) {
        return time.getNanoseconds() / 1e9;
    }

    static Stream<Task> allTasks(GetTasks tasks) {
        return Stream.of(pendingTasks(tasks), tasks.getTasksList(), tasks.getUnreachableTasksList(),
                tasks.getCompletedTasksList()).flatMap(List::stream);
    }

    /**
     * Tasks accepted but not yet launched. Mesos deprecated the field in GET_TASKS, yet a master may
     * still fill it, and Mesos' own v0 documents still show these tasks.
     */
    @SuppressWarnings("deprecation")
    static List<Task> pendingTasks(GetTasks tasks) {
        return tasks.getPendingTasksList();
    }

    /** One framework's tasks as {@code /master/state} splits them. */
    private record FrameworkTasks(List<Task> active, List<Task> unreachable, List<Task> completed) {
        static final FrameworkTasks NONE = new FrameworkTasks(List.of(), List.of(), List.of());
    }

    /** The state regrouped by framework, computed once per document. */
    private static final class Index {
        final Map<String, FrameworkTasks> tasks = new HashMap<>();
        final Map<String, List<Offer>> offers = new HashMap<>();
        final Map<String, List<GetExecutors.Executor>> executors = new HashMap<>();
        final Map<String, String> frameworkRoles = new HashMap<>();

        Index(MasterSnapshot snapshot) {
            GetState state = snapshot.state();
            GetTasks all = state.getGetTasks();
            // pending tasks are shown among the active ones (in TASK_STAGING), as Mesos does
            pendingTasks(all).forEach(t -> tasksOf(t).active.add(t));
            all.getTasksList().forEach(t -> tasksOf(t).active.add(t));
            all.getUnreachableTasksList().forEach(t -> tasksOf(t).unreachable.add(t));
            all.getCompletedTasksList().forEach(t -> tasksOf(t).completed.add(t));

            Set<String> offerIds = new LinkedHashSet<>();
            Stream.concat(state.getGetFrameworks().getFrameworksList().stream(),
                            state.getGetFrameworks().getCompletedFrameworksList().stream())
                    .forEach(f -> {
                        frameworkRoles.putIfAbsent(frameworkId(f.getFrameworkInfo()), roles(f.getFrameworkInfo()).get(0));
                        f.getOffersList().forEach(this::addOffer);
                        f.getOffersList().forEach(o -> offerIds.add(o.getId().getValue()));
                    });
            snapshot.outstandingOffers().stream()
                    .filter(o -> offerIds.add(o.getId().getValue()))
                    .forEach(this::addOffer);
            state.getGetExecutors().getExecutorsList().forEach(e -> executors
                    .computeIfAbsent(e.getExecutorInfo().getFrameworkId().getValue(), id -> new ArrayList<>()).add(e));
        }

        private FrameworkTasks tasksOf(Task task) {
            return tasks.computeIfAbsent(task.getFrameworkId().getValue(),
                    id -> new FrameworkTasks(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
        }

        private void addOffer(Offer offer) {
            offers.computeIfAbsent(offer.getFrameworkId().getValue(), id -> new ArrayList<>()).add(offer);
        }
    }
}

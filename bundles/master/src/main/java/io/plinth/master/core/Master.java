package io.plinth.master.core;

import com.google.protobuf.ByteString;
import io.plinth.allocator.api.AgentProfile;
import io.plinth.allocator.api.Allocator;
import io.plinth.allocator.api.FrameworkProfile;
import io.plinth.allocator.api.OfferCallback;
import io.plinth.master.core.Entries.AgentEntry;
import io.plinth.master.core.Entries.AgentState;
import io.plinth.master.core.Entries.FrameworkEntry;
import io.plinth.master.core.Entries.OfferEntry;
import io.plinth.master.core.Entries.TaskEntry;
import io.plinth.master.core.Entries.TaskKey;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.resources.Resources;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Task;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The resource manager's core: agents, frameworks, offers and tasks of the leading master, and the
 * rules of the Mesos v1 scheduler API and of the agent link applied to them. Plain Java: fed with
 * calls (from frameworks and agents) and ticks (from a timer), it answers through
 * {@link FrameworkChannel}s, {@link AgentChannel}s, the {@link Registry} and operator listeners.
 *
 * <p>Not thread-safe: every method must be called on one thread (the master thread), including the
 * allocator's offer callback, which runs inside {@link #allocate()}.
 */
public final class Master {

    private final MasterSettings settings;
    private final Clock clock;
    private final MasterInfo masterInfo;
    private final Registry registry;
    private final Allocator allocator;
    private final Instant electedAt;

    private final Map<String, FrameworkEntry> frameworks = new LinkedHashMap<>();
    private final Map<String, FrameworkInfo> completedFrameworks = new LinkedHashMap<>();
    private final Map<String, AgentEntry> agents = new LinkedHashMap<>();
    private final Map<String, OfferEntry> offers = new LinkedHashMap<>();
    private final List<Consumer<org.apache.mesos.v1.master.Protos.Event>> operatorListeners = new CopyOnWriteArrayList<>();
    private long nextFramework;
    private long nextAgent;
    private long nextOffer;
    private Instant agentReregisterDeadline;

    /**
     * @param allocatorFactory builds the allocator around the master's offer callback
     */
    public Master(MasterSettings settings, Clock clock, MasterInfo masterInfo, Registry registry,
                  Function<OfferCallback, Allocator> allocatorFactory) {
        this.settings = settings;
        this.clock = clock;
        this.masterInfo = masterInfo;
        this.registry = registry;
        this.allocator = allocatorFactory.apply(this::offer);
        this.electedAt = clock.instant();
    }

    public MasterInfo masterInfo() {
        return masterInfo;
    }

    public Instant electedAt() {
        return electedAt;
    }

    // ---------------------------------------------------------------- recovery

    /**
     * Loads the registry after winning the election: its agents wait {@code agentReregisterTimeout}
     * to re-register, its frameworks {@code failover_timeout} to re-subscribe.
     */
    public void recover() {
        Instant now = clock.instant();
        for (AgentInfo info : registry.agents()) {
            AgentEntry agent = new AgentEntry(info.getId().getValue(), info, Resources.fromProto(info.getResourcesList()),
                    AgentState.RECOVERED);
            agents.put(agent.id, agent);
        }
        for (FrameworkInfo info : registry.frameworks()) {
            FrameworkEntry framework = new FrameworkEntry(info.getId().getValue(), info);
            framework.recovered = true;
            framework.failoverDeadline = now.plus(failoverTimeout(info));
            frameworks.put(framework.id, framework);
            allocator.addFramework(framework.id, new FrameworkProfile(framework.roles()), Map.of(), false);
        }
        agentReregisterDeadline = now.plus(settings.agentReregisterTimeout());
    }

    // ---------------------------------------------------------------- scheduler API

    /**
     * SUBSCRIBE: a new framework, or a known one failing over to a new connection.
     *
     * @param channel the new stream, to be used if the call is accepted
     * @return 200 when subscribed (the stream starts with SUBSCRIBED), else the Mesos error
     */
    public CallResult subscribe(Call call, FrameworkChannel channel) {
        Call.Subscribe subscribe = call.getSubscribe();
        FrameworkInfo info = subscribe.getFrameworkInfo();
        if (!info.hasUser() || !info.hasName()) {
            return CallResult.badRequest("Failed to validate scheduler::Call: 'framework_info' needs 'user' and 'name'");
        }
        if (call.hasFrameworkId() && (!info.hasId() || !info.getId().equals(call.getFrameworkId()))) {
            return CallResult.badRequest("Failed to validate scheduler::Call: 'framework_id' differs from 'subscribe.framework_info.id'");
        }
        boolean multiRole = info.getCapabilitiesList().stream()
                .anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
        if (multiRole && info.hasRole()) {
            return CallResult.badRequest("Failed to validate scheduler::Call: 'FrameworkInfo.role' must not be set for a MULTI_ROLE framework");
        }
        if (!multiRole && info.getRolesCount() > 0) {
            return CallResult.badRequest("Failed to validate scheduler::Call: 'FrameworkInfo.roles' needs the MULTI_ROLE capability");
        }
        Instant now = clock.instant();
        FrameworkEntry framework;
        if (!info.hasId()) {
            String id = masterInfo.getId() + "-" + String.format("%04d", nextFramework++);
            info = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
            registry.putFramework(info);
            framework = new FrameworkEntry(id, info);
            framework.registeredAt = now;
            frameworks.put(id, framework);
            allocator.addFramework(id, new FrameworkProfile(framework.roles()), Map.of(), true);
            attach(framework, channel);
            operatorEvent(operatorFrameworkEvent(org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_ADDED, framework));
            return new CallResult(200, "");
        }
        String id = info.getId().getValue();
        if (completedFrameworks.containsKey(id)) {
            return CallResult.forbidden("Framework " + id + " has been removed");
        }
        framework = frameworks.get(id);
        boolean added = framework == null;
        if (added) {
            // a framework this master's registry does not know (its id came from an earlier cluster
            // state): Mesos lets it re-register under that id
            framework = new FrameworkEntry(id, info);
            framework.registeredAt = now;
            frameworks.put(id, framework);
            allocator.addFramework(id, new FrameworkProfile(framework.roles()), Map.of(), true);
        }
        registry.putFramework(info);
        framework.info = info;
        if (framework.channel != null) {
            framework.channel.send(Event.newBuilder().setType(Event.Type.ERROR)
                    .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build());
            framework.channel.close();
        }
        rescindAll(framework.offers);
        framework.recovered = false;
        framework.failoverDeadline = null;
        framework.unregisteredAt = null;
        if (framework.registeredAt == null) {
            framework.registeredAt = now;
        }
        framework.reregisteredAt = now;
        allocator.updateFramework(id, new FrameworkProfile(framework.roles()));
        allocator.activateFramework(id);
        attach(framework, channel);
        operatorEvent(operatorFrameworkEvent(added ? org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_ADDED
                : org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_UPDATED, framework));
        return new CallResult(200, "");
    }

    private void attach(FrameworkEntry framework, FrameworkChannel channel) {
        framework.channel = channel;
        framework.active = true;
        channel.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue(framework.id))
                .setHeartbeatIntervalSeconds(settings.frameworkHeartbeat().toMillis() / 1000.0)
                .setMasterInfo(masterInfo)).build());
    }

    /**
     * Every call but SUBSCRIBE, from a framework's POST.
     *
     * @param streamId the request's {@code Mesos-Stream-Id} header, or null
     */
    public CallResult handle(Call call, String streamId) {
        if (!call.hasFrameworkId()) {
            return CallResult.badRequest("Failed to validate scheduler::Call: Expecting 'framework_id' to be present");
        }
        String id = call.getFrameworkId().getValue();
        FrameworkEntry framework = frameworks.get(id);
        if (framework == null || framework.channel == null) {
            return CallResult.forbidden("Framework cannot be found");
        }
        if (streamId == null) {
            return CallResult.badRequest("All non-subscribe calls should include the 'Mesos-Stream-Id' header");
        }
        if (!streamId.equals(framework.channel.streamId())) {
            return CallResult.badRequest("The stream ID '" + streamId + "' included in this request didn't match the stream ID "
                    + "currently associated with framework ID " + id);
        }
        return switch (call.getType()) {
            case TEARDOWN -> {
                removeFramework(framework, "Framework torn down");
                yield CallResult.ACCEPTED;
            }
            case ACCEPT -> accept(framework, call.getAccept());
            case DECLINE -> {
                decline(framework, call.getDecline().getOfferIdsList(), call.getDecline().getFilters());
                yield CallResult.ACCEPTED;
            }
            case REVIVE -> {
                allocator.reviveOffers(id, Set.copyOf(call.getRevive().getRolesList()));
                yield CallResult.ACCEPTED;
            }
            case SUPPRESS -> {
                allocator.suppressOffers(id, Set.copyOf(call.getSuppress().getRolesList()));
                yield CallResult.ACCEPTED;
            }
            case KILL -> kill(framework, call.getKill());
            case SHUTDOWN -> shutdownExecutor(framework, call.getShutdown());
            case ACKNOWLEDGE -> acknowledge(framework, call.getAcknowledge());
            case RECONCILE -> {
                reconcile(framework, call.getReconcile());
                yield CallResult.ACCEPTED;
            }
            case MESSAGE -> message(framework, call.getMessage());
            case REQUEST, ACCEPT_INVERSE_OFFERS, DECLINE_INVERSE_OFFERS, RECONCILE_OPERATIONS, ACKNOWLEDGE_OPERATION_STATUS ->
                    CallResult.ACCEPTED;
            case UPDATE_FRAMEWORK -> updateFramework(framework, call.getUpdateFramework());
            case SUBSCRIBE -> CallResult.badRequest("SUBSCRIBE is answered with a stream");
            default -> CallResult.badRequest("Failed to validate scheduler::Call: Unknown call type");
        };
    }

    /** The framework's stream is gone (client closed it, or a write failed). */
    public void frameworkDisconnected(String frameworkId, String streamId) {
        FrameworkEntry framework = frameworks.get(frameworkId);
        if (framework == null || framework.channel == null || !framework.channel.streamId().equals(streamId)) {
            return;
        }
        framework.channel.close();
        framework.channel = null;
        framework.active = false;
        framework.unregisteredAt = clock.instant();
        allocator.deactivateFramework(frameworkId);
        rescindAll(framework.offers);
        Duration timeout = failoverTimeout(framework.info);
        if (timeout.isZero()) {
            removeFramework(framework, "Framework disconnected with failover_timeout 0");
            return;
        }
        framework.failoverDeadline = clock.instant().plus(timeout);
        operatorEvent(operatorFrameworkEvent(org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_UPDATED, framework));
    }

    private CallResult accept(FrameworkEntry framework, Call.Accept accept) {
        // resolve the offers first: any invalid offer invalidates the whole call, as in Mesos
        String invalid = null;
        List<OfferEntry> used = new ArrayList<>();
        String agentId = null;
        for (OfferID offerId : accept.getOfferIdsList()) {
            OfferEntry offer = offers.get(offerId.getValue());
            if (offer == null || !offer.frameworkId().equals(framework.id)) {
                invalid = "Offer " + offerId.getValue() + " is no longer valid";
                continue;
            }
            if (agentId != null && !agentId.equals(offer.agentId())) {
                invalid = "Aggregated offers must belong to one single agent";
            }
            agentId = offer.agentId();
            used.add(offer);
        }
        if (accept.getOfferIdsCount() == 0) {
            invalid = "No offers specified";
        }
        Duration refuse = refuse(accept.getFilters());
        Map<String, Resources> available = new LinkedHashMap<>();
        for (OfferEntry offer : used) {
            removeOffer(offer);
            available.merge(offer.role, offer.resources, Resources::plus);
        }
        AgentEntry agent = agentId == null ? null : agents.get(agentId);
        if (invalid == null && (agent == null || !agent.usable())) {
            invalid = "Agent " + agentId + " is not reachable";
        }
        if (invalid != null) {
            for (Map.Entry<String, Resources> entry : available.entrySet()) {
                allocator.recoverResources(framework.id, agentId, entry.getValue(), Duration.ZERO);
            }
            for (var operation : accept.getOperationsList()) {
                for (TaskInfo task : launchedTasks(operation)) {
                    sendMasterUpdate(framework, task.getTaskId(), task.hasAgentId() ? task.getAgentId() : null,
                            framework.partitionAware() ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
                            TaskStatus.Reason.REASON_INVALID_OFFERS, "Task launched with invalid offers: " + invalid);
                }
            }
            return CallResult.ACCEPTED;
        }
        for (var operation : accept.getOperationsList()) {
            switch (operation.getType()) {
                case LAUNCH -> {
                    for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                        launch(framework, agent, available, null, List.of(task));
                    }
                }
                case LAUNCH_GROUP -> launch(framework, agent, available, operation.getLaunchGroup().getExecutor(),
                        operation.getLaunchGroup().getTaskGroup().getTasksList());
                default -> {
                    // reservations, volumes and resource-provider operations are not supported: the
                    // resources they name stay unused and are recovered below
                }
            }
        }
        for (Map.Entry<String, Resources> entry : available.entrySet()) {
            if (!entry.getValue().isEmpty()) {
                allocator.recoverResources(framework.id, agent.id, entry.getValue(), refuse);
            }
        }
        return CallResult.ACCEPTED;
    }

    private static List<TaskInfo> launchedTasks(org.apache.mesos.v1.Protos.Offer.Operation operation) {
        return switch (operation.getType()) {
            case LAUNCH -> operation.getLaunch().getTaskInfosList();
            case LAUNCH_GROUP -> operation.getLaunchGroup().getTaskGroup().getTasksList();
            default -> List.of();
        };
    }

    /** Launches one task, or a task group sharing an executor, out of the offered resources left. */
    private void launch(FrameworkEntry framework, AgentEntry agent, Map<String, Resources> available,
                        ExecutorInfo groupExecutor, List<TaskInfo> tasks) {
        List<String> errors = new ArrayList<>();
        // by position: a TaskInfo's hash code walks the whole message
        List<String> roles = new ArrayList<>(tasks.size());
        List<Resources> taskResources = new ArrayList<>(tasks.size());
        Map<String, Resources> remaining = new LinkedHashMap<>(available);
        Set<String> ids = new HashSet<>();
        boolean executorCharged = groupExecutor == null;
        for (TaskInfo task : tasks) {
            String error = validateTask(framework, agent, groupExecutor, task, ids);
            String role = null;
            Resources own = null;
            if (error == null) {
                try {
                    own = Resources.fromProto(task.getResourcesList());
                } catch (IllegalArgumentException e) {
                    error = "Task uses invalid resources: " + e.getMessage();
                }
            }
            if (error == null) {
                Resources needed = own;
                if (!executorCharged) {
                    // the group's executor is paid for once, with the first task
                    needed = needed.plus(Resources.fromProto(groupExecutor.getResourcesList()));
                    executorCharged = true;
                }
                role = roleFor(remaining, needed);
                if (role == null) {
                    error = "Task uses more resources " + needed + " than available " + sum(remaining.values());
                } else {
                    remaining.put(role, remaining.get(role).minus(needed));
                }
            }
            if (error != null) {
                errors.add(error);
            }
            roles.add(role);
            taskResources.add(own);
            ids.add(task.getTaskId().getValue());
        }
        if (!errors.isEmpty()) {
            for (TaskInfo task : tasks) {
                sendMasterUpdate(framework, task.getTaskId(), agent.info.getId(), TaskState.TASK_ERROR,
                        TaskStatus.Reason.REASON_TASK_INVALID, String.join("; ", errors));
            }
            return;
        }
        available.clear();
        available.putAll(remaining);
        Instant now = clock.instant();
        List<TaskInfo> sent = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            TaskInfo task = tasks.get(i);
            TaskInfo placed = task.toBuilder().setAgentId(agent.info.getId()).build();
            TaskStatus staging = TaskStatus.newBuilder().setTaskId(task.getTaskId()).setState(TaskState.TASK_STAGING)
                    .setAgentId(agent.info.getId()).setSource(TaskStatus.Source.SOURCE_MASTER)
                    .setTimestamp(seconds(now)).build();
            TaskEntry entry = new TaskEntry(framework.id, agent.id, placed, taskResources.get(i), roles.get(i), staging);
            framework.tasks.put(task.getTaskId().getValue(), entry);
            agent.tasks.put(entry.key(), entry);
            sent.add(placed);
            operatorEvent(org.apache.mesos.v1.master.Protos.Event.newBuilder()
                    .setType(org.apache.mesos.v1.master.Protos.Event.Type.TASK_ADDED)
                    .setTaskAdded(org.apache.mesos.v1.master.Protos.Event.TaskAdded.newBuilder().setTask(task(entry)))
                    .build());
        }
        ExecutorInfo executor = groupExecutor != null ? groupExecutor
                : tasks.get(0).hasExecutor() ? tasks.get(0).getExecutor() : null;
        agent.channel.send(AgentEvent.launch(framework.info, executor, sent));
    }

    private String validateTask(FrameworkEntry framework, AgentEntry agent, ExecutorInfo groupExecutor, TaskInfo task,
                                Set<String> idsInCall) {
        String id = task.getTaskId().getValue();
        if (id.isEmpty()) {
            return "Task ID must not be empty";
        }
        if (framework.tasks.containsKey(id) && !framework.tasks.get(id).terminal() || idsInCall.contains(id)) {
            return "Task ID '" + id + "' is duplicated";
        }
        if (task.hasAgentId() && !task.getAgentId().getValue().equals(agent.id)) {
            return "Task uses invalid agent: " + task.getAgentId().getValue();
        }
        if (groupExecutor != null && task.hasExecutor()) {
            return "Task in a group must not set an executor: the group's executor runs it";
        }
        if (groupExecutor == null && task.hasCommand() == task.hasExecutor()) {
            return "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present";
        }
        if (task.getResourcesCount() == 0) {
            return "Task uses no resources";
        }
        return null;
    }

    /** The role whose offered resources hold {@code needed}, or null. */
    private static String roleFor(Map<String, Resources> remaining, Resources needed) {
        for (Map.Entry<String, Resources> entry : remaining.entrySet()) {
            if (entry.getValue().contains(needed)) {
                return entry.getKey();
            }
        }
        return null;
    }

    private static Resources sum(Collection<Resources> all) {
        Resources total = Resources.empty();
        for (Resources resources : all) {
            total = total.plus(resources);
        }
        return total;
    }

    private void decline(FrameworkEntry framework, List<OfferID> offerIds, Filters filters) {
        Duration refuse = refuse(filters);
        for (OfferID offerId : offerIds) {
            OfferEntry offer = offers.get(offerId.getValue());
            if (offer == null || !offer.frameworkId().equals(framework.id)) {
                continue; // Mesos ignores declines of unknown offers
            }
            removeOffer(offer);
            allocator.recoverResources(framework.id, offer.agentId(), offer.resources, refuse);
        }
    }

    private Duration refuse(Filters filters) {
        if (filters != null && filters.hasRefuseSeconds()) {
            double seconds = Math.max(0, filters.getRefuseSeconds());
            return Duration.ofMillis((long) Math.min(seconds * 1000, Duration.ofDays(365).toMillis()));
        }
        return settings.defaultRefuse();
    }

    private CallResult kill(FrameworkEntry framework, Call.Kill kill) {
        TaskEntry task = framework.tasks.get(kill.getTaskId().getValue());
        if (task == null) {
            sendMasterUpdate(framework, kill.getTaskId(), kill.hasAgentId() ? kill.getAgentId() : null,
                    framework.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST,
                    TaskStatus.Reason.REASON_RECONCILIATION, "Attempted to kill an unknown task");
            return CallResult.ACCEPTED;
        }
        if (task.terminal()) {
            return CallResult.ACCEPTED;
        }
        AgentEntry agent = agents.get(task.agentId);
        if (agent != null && agent.channel != null) {
            agent.channel.send(AgentEvent.kill(FrameworkID.newBuilder().setValue(framework.id).build(), kill.getTaskId(),
                    kill.hasKillPolicy() ? kill.getKillPolicy() : task.info.hasKillPolicy() ? task.info.getKillPolicy() : null));
        }
        return CallResult.ACCEPTED;
    }

    private CallResult shutdownExecutor(FrameworkEntry framework, Call.Shutdown shutdown) {
        AgentEntry agent = agents.get(shutdown.getAgentId().getValue());
        if (agent == null) {
            return CallResult.ACCEPTED;
        }
        for (TaskEntry task : List.copyOf(agent.tasks.values())) {
            if (task.frameworkId.equals(framework.id) && !task.terminal() && task.info.hasExecutor()
                    && task.info.getExecutor().getExecutorId().equals(shutdown.getExecutorId()) && agent.channel != null) {
                agent.channel.send(AgentEvent.kill(FrameworkID.newBuilder().setValue(framework.id).build(),
                        task.info.getTaskId(), null));
            }
        }
        return CallResult.ACCEPTED;
    }

    private CallResult message(FrameworkEntry framework, Call.Message message) {
        // Plinth runs no custom executors yet: like Mesos' command executor (and like Mesos for unknown
        // agents), the message is accepted and nothing reads it
        return CallResult.ACCEPTED;
    }

    private CallResult acknowledge(FrameworkEntry framework, Call.Acknowledge ack) {
        if (ack.getUuid().size() != 16) {
            return CallResult.badRequest("Failed to validate scheduler::Call: 'uuid' is not a valid UUID");
        }
        TaskEntry task = framework.tasks.get(ack.getTaskId().getValue());
        AgentEntry agent = agents.get(ack.getAgentId().getValue());
        if (agent != null && agent.channel != null) {
            agent.channel.send(AgentEvent.acknowledge(FrameworkID.newBuilder().setValue(framework.id).build(),
                    ack.getTaskId(), Base64.getEncoder().encodeToString(ack.getUuid().toByteArray())));
        }
        if (task != null && task.terminal() && task.latest.hasUuid() && task.latest.getUuid().equals(ack.getUuid())) {
            complete(framework, task);
        }
        return CallResult.ACCEPTED;
    }

    private void reconcile(FrameworkEntry framework, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (TaskEntry task : framework.tasks.values()) {
                sendReconciled(framework, task);
            }
            return;
        }
        for (Call.Reconcile.Task wanted : reconcile.getTasksList()) {
            TaskEntry task = framework.tasks.get(wanted.getTaskId().getValue());
            if (task != null) {
                sendReconciled(framework, task);
                continue;
            }
            AgentEntry agent = wanted.hasAgentId() ? agents.get(wanted.getAgentId().getValue()) : null;
            if (agent != null && agent.state == AgentState.RECOVERED) {
                continue; // the agent may still re-register with it: Mesos answers nothing yet
            }
            TaskState state;
            if (agent != null && agent.state == AgentState.UNREACHABLE) {
                state = framework.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
            } else {
                state = framework.partitionAware() ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST;
            }
            sendMasterUpdate(framework, wanted.getTaskId(), wanted.hasAgentId() ? wanted.getAgentId() : null, state,
                    TaskStatus.Reason.REASON_RECONCILIATION, "Reconciliation: task is unknown");
        }
    }

    private void sendReconciled(FrameworkEntry framework, TaskEntry task) {
        TaskStatus status = task.latest.toBuilder().clearUuid().setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                .setSource(TaskStatus.Source.SOURCE_MASTER).setTimestamp(seconds(clock.instant())).build();
        send(framework, Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
    }

    private CallResult updateFramework(FrameworkEntry framework, Call.UpdateFramework update) {
        FrameworkInfo info = update.getFrameworkInfo();
        if (!info.hasId() || !info.getId().getValue().equals(framework.id)) {
            return CallResult.badRequest("Failed to validate scheduler::Call: 'framework_info.id' must be the framework's id");
        }
        registry.putFramework(info);
        framework.info = info;
        allocator.updateFramework(framework.id, new FrameworkProfile(framework.roles()));
        operatorEvent(operatorFrameworkEvent(org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_UPDATED, framework));
        return CallResult.ACCEPTED;
    }

    private void removeFramework(FrameworkEntry framework, String message) {
        FrameworkID frameworkId = FrameworkID.newBuilder().setValue(framework.id).build();
        rescindAll(framework.offers);
        Set<String> agentsWithTasks = new LinkedHashSet<>();
        Instant now = clock.instant();
        for (TaskEntry task : List.copyOf(framework.tasks.values())) {
            if (!task.terminal()) {
                agentsWithTasks.add(task.agentId);
                applyStatus(framework, task, TaskStatus.newBuilder().setTaskId(task.info.getTaskId())
                        .setState(TaskState.TASK_KILLED).setAgentId(task.info.getAgentId())
                        .setSource(TaskStatus.Source.SOURCE_MASTER).setMessage(message)
                        .setTimestamp(seconds(now)).build(), false);
            }
            complete(framework, task);
        }
        for (String agentId : agentsWithTasks) {
            AgentEntry agent = agents.get(agentId);
            if (agent != null && agent.channel != null) {
                agent.channel.send(AgentEvent.shutdownFramework(frameworkId));
            }
        }
        if (framework.channel != null) {
            framework.channel.send(Event.newBuilder().setType(Event.Type.ERROR)
                    .setError(Event.Error.newBuilder().setMessage(message)).build());
            framework.channel.close();
            framework.channel = null;
        }
        allocator.removeFramework(framework.id);
        registry.removeFramework(framework.id);
        frameworks.remove(framework.id);
        completedFrameworks.put(framework.id, framework.info);
        if (completedFrameworks.size() > 50) {
            completedFrameworks.remove(completedFrameworks.keySet().iterator().next());
        }
        operatorEvent(org.apache.mesos.v1.master.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_REMOVED)
                .setFrameworkRemoved(org.apache.mesos.v1.master.Protos.Event.FrameworkRemoved.newBuilder()
                        .setFrameworkInfo(framework.info)).build());
    }

    // ---------------------------------------------------------------- agent link

    /**
     * An agent's SUBSCRIBE: registration of a new agent or re-registration of a known one, with the
     * tasks it runs.
     *
     * @return 200 when subscribed (the stream starts with SUBSCRIBED), else 400
     */
    public CallResult agentSubscribe(AgentCall.Subscribe subscribe, AgentChannel channel) {
        AgentInfo info = subscribe.agentInfo();
        if (!info.hasHostname() || info.getHostname().isEmpty()) {
            return CallResult.badRequest("agent_info.hostname is required");
        }
        Resources total;
        try {
            total = Resources.fromProto(info.getResourcesList());
        } catch (IllegalArgumentException e) {
            return CallResult.badRequest("agent_info.resources: " + e.getMessage());
        }
        Instant now = clock.instant();
        String id = info.hasId() && !info.getId().getValue().isEmpty() ? info.getId().getValue() : null;
        AgentEntry agent = id == null ? null : agents.get(id);
        if (id == null) {
            id = masterInfo.getId() + "-S" + nextAgent++;
            info = info.toBuilder().setId(AgentID.newBuilder().setValue(id)).build();
        }
        if (agent == null || !info.equals(agent.info)) {
            // a re-subscription with the same info (a broken stream) costs no ZooKeeper write on this thread
            registry.putAgent(info);
        }
        boolean wasKnownToAllocator = agent != null && agent.state != AgentState.RECOVERED
                && agent.state != AgentState.UNREACHABLE;
        if (agent == null) {
            agent = new AgentEntry(id, info, total, AgentState.ACTIVE);
            agent.registeredAt = now;
            agents.put(id, agent);
        } else {
            if (agent.channel != null) {
                agent.channel.close();
            }
            rescindAll(agent.offers);
            agent.reregisteredAt = now;
            if (agent.registeredAt == null) {
                agent.registeredAt = now;
            }
        }
        agent.info = info;
        agent.total = total;
        agent.version = subscribe.version() == null ? "" : subscribe.version();
        agent.state = AgentState.ACTIVE;
        agent.channel = channel;
        agent.missedPings = 0;
        agent.awaitingPong = false;
        agent.unreachableAt = null;
        channel.send(AgentEvent.subscribed(info.getId(), settings.agentPingTimeout().toMillis() / 1000.0));

        reconcileAgentTasks(agent, subscribe);
        Map<String, Resources> used = new HashMap<>();
        for (TaskEntry task : agent.tasks.values()) {
            if (!task.terminal()) {
                used.merge(task.frameworkId, task.resources, Resources::plus);
            }
        }
        if (wasKnownToAllocator) {
            allocator.removeAgent(id);
        }
        allocator.addAgent(id, new AgentProfile(info.getHostname()), total, used);
        operatorEvent(org.apache.mesos.v1.master.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.master.Protos.Event.Type.AGENT_ADDED)
                .setAgentAdded(org.apache.mesos.v1.master.Protos.Event.AgentAdded.newBuilder().setAgent(agentView(agent)))
                .build());
        return new CallResult(200, "");
    }

    /** Merges what a (re-)registering agent runs into the master's view of its tasks. */
    private void reconcileAgentTasks(AgentEntry agent, AgentCall.Subscribe subscribe) {
        Map<String, FrameworkInfo> infos = new HashMap<>();
        for (FrameworkInfo info : subscribe.frameworks()) {
            if (info.hasId()) {
                infos.put(info.getId().getValue(), info);
            }
        }
        Set<TaskKey> reported = new HashSet<>();
        for (AgentCall.KnownTask known : subscribe.tasks()) {
            String frameworkId = known.frameworkId().getValue();
            TaskKey key = new TaskKey(frameworkId, known.task().getTaskId().getValue());
            reported.add(key);
            if (completedFrameworks.containsKey(frameworkId)) {
                if (agent.channel != null) {
                    agent.channel.send(AgentEvent.shutdownFramework(known.frameworkId()));
                }
                continue;
            }
            FrameworkEntry framework = frameworks.get(frameworkId);
            if (framework == null) {
                FrameworkInfo info = infos.getOrDefault(frameworkId, FrameworkInfo.newBuilder()
                        .setId(known.frameworkId()).setUser("").setName("").build());
                framework = new FrameworkEntry(frameworkId, info);
                framework.recovered = true;
                framework.failoverDeadline = clock.instant().plus(failoverTimeout(info));
                frameworks.put(frameworkId, framework);
                allocator.addFramework(frameworkId, new FrameworkProfile(framework.roles()), Map.of(), false);
            }
            TaskStatus latest = known.latest() != null ? known.latest() : TaskStatus.newBuilder()
                    .setTaskId(known.task().getTaskId()).setState(TaskState.TASK_STAGING).setAgentId(agent.info.getId()).build();
            TaskEntry task = framework.tasks.get(key.taskId());
            if (task == null || !task.agentId.equals(agent.id)) {
                TaskInfo placed = known.task().toBuilder().setAgentId(agent.info.getId()).build();
                Resources resources = Resources.fromProto(placed.getResourcesList());
                task = new TaskEntry(frameworkId, agent.id, placed, resources, roleOf(framework, placed), latest);
                framework.tasks.put(key.taskId(), task);
                agent.tasks.put(key, task);
                operatorEvent(org.apache.mesos.v1.master.Protos.Event.newBuilder()
                        .setType(org.apache.mesos.v1.master.Protos.Event.Type.TASK_ADDED)
                        .setTaskAdded(org.apache.mesos.v1.master.Protos.Event.TaskAdded.newBuilder().setTask(task(task)))
                        .build());
            } else if (!task.latest.getState().equals(latest.getState())) {
                boolean wasLostForGood = !framework.partitionAware() && task.state() == TaskState.TASK_LOST;
                if (wasLostForGood && !isTerminal(latest.getState()) && agent.channel != null) {
                    // the framework was told the task is lost: like Mesos, do not let it come back
                    agent.channel.send(AgentEvent.kill(known.frameworkId(), known.task().getTaskId(), null));
                    continue;
                }
                applyStatus(framework, task, latest, false);
            }
        }
        for (TaskEntry task : List.copyOf(agent.tasks.values())) {
            if (!reported.contains(task.key()) && !task.terminal() && task.state() != TaskState.TASK_STAGING) {
                FrameworkEntry framework = frameworks.get(task.frameworkId);
                if (framework != null) {
                    applyStatus(framework, task, TaskStatus.newBuilder().setTaskId(task.info.getTaskId())
                            .setState(framework.partitionAware() ? TaskState.TASK_GONE : TaskState.TASK_LOST)
                            .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setSource(TaskStatus.Source.SOURCE_MASTER)
                            .setAgentId(agent.info.getId()).setMessage("Task is unknown to the agent")
                            .setTimestamp(seconds(clock.instant())).build(), true);
                }
            }
        }
    }

    /**
     * An agent's UPDATE, PONG, or a call with a stale stream.
     *
     * @return 202, or 400 when the agent or stream is unknown (the agent then re-subscribes)
     */
    public CallResult agentCall(AgentCall call, String streamId) {
        AgentEntry agent = call.agentId() == null ? null : agents.get(call.agentId());
        if (agent == null || agent.channel == null) {
            return CallResult.badRequest("Agent " + call.agentId() + " is not subscribed");
        }
        if (streamId == null || !streamId.equals(agent.channel.streamId())) {
            return CallResult.badRequest("Stream id '" + streamId + "' is not the agent's current stream");
        }
        switch (call.type()) {
            case PONG -> {
                agent.awaitingPong = false;
                agent.missedPings = 0;
            }
            case UPDATE -> {
                for (AgentCall.Update update : call.allUpdates()) {
                    statusUpdate(agent, update);
                }
            }
            default -> {
                return CallResult.badRequest("Unexpected call " + call.type() + " outside SUBSCRIBE");
            }
        }
        return CallResult.ACCEPTED;
    }

    /** The agent's stream is gone: it takes no launches and gets no offers until it re-subscribes. */
    public void agentDisconnected(String streamId) {
        AgentEntry agent = agents.values().stream()
                .filter(a -> a.channel != null && a.channel.streamId().equals(streamId)).findFirst().orElse(null);
        if (agent == null) {
            return;
        }
        String agentId = agent.id;
        agent.channel.close();
        agent.channel = null;
        if (agent.state == AgentState.ACTIVE) {
            agent.state = AgentState.DISCONNECTED;
            rescindAll(agent.offers);
            allocator.deactivateAgent(agentId);
        }
    }

    private void statusUpdate(AgentEntry agent, AgentCall.Update update) {
        String frameworkId = update.frameworkId().getValue();
        TaskStatus status = update.status().toBuilder().setAgentId(agent.info.getId()).build();
        FrameworkEntry framework = frameworks.get(frameworkId);
        if (framework == null) {
            // the framework is gone: acknowledge on its behalf so the agent stops retrying
            if (status.hasUuid()) {
                agent.channel.send(AgentEvent.acknowledge(update.frameworkId(), status.getTaskId(),
                        Base64.getEncoder().encodeToString(status.getUuid().toByteArray())));
            }
            return;
        }
        TaskEntry task = framework.tasks.get(status.getTaskId().getValue());
        if (task != null && task.agentId.equals(agent.id)) {
            applyStatus(framework, task, status, true);
        } else {
            send(framework, Event.newBuilder().setType(Event.Type.UPDATE)
                    .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
        }
    }

    /** Records a task's new status, frees its resources when it ends, and tells the framework. */
    private void applyStatus(FrameworkEntry framework, TaskEntry task, TaskStatus status, boolean forward) {
        boolean wasTerminal = task.terminal();
        boolean changed = task.state() != status.getState();
        task.latest = status;
        if (changed || task.statuses.isEmpty()) {
            task.statuses.add(status);
        }
        if (!wasTerminal && task.terminal()) {
            AgentEntry agent = agents.get(task.agentId);
            if (agent != null && agent.state != AgentState.UNREACHABLE && agent.state != AgentState.RECOVERED) {
                allocator.recoverResources(framework.id, task.agentId, task.resources, Duration.ZERO);
            }
        }
        if (forward) {
            send(framework, Event.newBuilder().setType(Event.Type.UPDATE)
                    .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
        }
        operatorEvent(org.apache.mesos.v1.master.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.master.Protos.Event.Type.TASK_UPDATED)
                .setTaskUpdated(org.apache.mesos.v1.master.Protos.Event.TaskUpdated.newBuilder()
                        .setFrameworkId(FrameworkID.newBuilder().setValue(framework.id))
                        .setStatus(status).setState(status.getState())).build());
        if (task.terminal() && !status.hasUuid()) {
            complete(framework, task);
        }
    }

    private void complete(FrameworkEntry framework, TaskEntry task) {
        if (framework.tasks.remove(task.info.getTaskId().getValue(), task)) {
            framework.completed.addLast(task);
            while (framework.completed.size() > settings.completedTasksPerFramework()) {
                framework.completed.removeFirst();
            }
        }
        AgentEntry agent = agents.get(task.agentId);
        if (agent != null) {
            agent.tasks.remove(task.key(), task);
        }
    }

    // ---------------------------------------------------------------- timers

    /** One allocation cycle; offers go out through the framework channels. */
    public void allocate() {
        allocator.allocate();
    }

    /** Pings every connected agent; agents that missed too many pings become unreachable. */
    public void pingAgents() {
        for (AgentEntry agent : List.copyOf(agents.values())) {
            if (agent.state != AgentState.ACTIVE && agent.state != AgentState.DISCONNECTED) {
                continue;
            }
            if (agent.awaitingPong || agent.channel == null) {
                agent.missedPings++;
                if (agent.missedPings >= settings.maxAgentPingTimeouts()) {
                    markUnreachable(agent, "Agent missed " + agent.missedPings + " pings");
                    continue;
                }
            }
            if (agent.channel != null) {
                agent.awaitingPong = true;
                agent.channel.send(AgentEvent.ping());
            }
        }
    }

    /** HEARTBEAT on every framework stream, which also finds dead connections. */
    public void heartbeat() {
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        for (FrameworkEntry framework : frameworks.values()) {
            send(framework, heartbeat);
        }
    }

    /** Expires offers, frameworks past their failover timeout and recovered agents that never came back. */
    public void checkDeadlines() {
        Instant now = clock.instant();
        if (!settings.offerTimeout().isZero()) {
            for (OfferEntry offer : List.copyOf(offers.values())) {
                if (!offer.createdAt.plus(settings.offerTimeout()).isAfter(now)) {
                    rescind(offer, Duration.ZERO);
                }
            }
        }
        for (FrameworkEntry framework : List.copyOf(frameworks.values())) {
            if (framework.channel == null && framework.failoverDeadline != null && !framework.failoverDeadline.isAfter(now)) {
                removeFramework(framework, "Framework failover timeout");
            }
        }
        if (agentReregisterDeadline != null && !agentReregisterDeadline.isAfter(now)) {
            agentReregisterDeadline = null;
            for (AgentEntry agent : List.copyOf(agents.values())) {
                if (agent.state == AgentState.RECOVERED) {
                    markUnreachable(agent, "Agent did not re-register within " + settings.agentReregisterTimeout());
                }
            }
        }
    }

    private void markUnreachable(AgentEntry agent, String message) {
        boolean inAllocator = agent.state == AgentState.ACTIVE || agent.state == AgentState.DISCONNECTED;
        rescindAll(agent.offers);
        if (agent.channel != null) {
            agent.channel.close();
            agent.channel = null;
        }
        agent.state = AgentState.UNREACHABLE;
        agent.unreachableAt = clock.instant();
        if (inAllocator) {
            allocator.removeAgent(agent.id);
        }
        Instant now = clock.instant();
        for (TaskEntry task : List.copyOf(agent.tasks.values())) {
            FrameworkEntry framework = frameworks.get(task.frameworkId);
            if (framework == null || task.terminal()) {
                continue;
            }
            applyStatus(framework, task, TaskStatus.newBuilder().setTaskId(task.info.getTaskId())
                    .setState(framework.partitionAware() ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST)
                    .setReason(TaskStatus.Reason.REASON_AGENT_REMOVED).setSource(TaskStatus.Source.SOURCE_MASTER)
                    .setAgentId(agent.info.getId()).setMessage(message).setTimestamp(seconds(now))
                    .setUnreachableTime(TimeInfo.newBuilder().setNanoseconds(now.toEpochMilli() * 1_000_000L))
                    .build(), true);
        }
        for (FrameworkEntry framework : frameworks.values()) {
            send(framework, Event.newBuilder().setType(Event.Type.FAILURE)
                    .setFailure(Event.Failure.newBuilder().setAgentId(agent.info.getId())).build());
        }
        operatorEvent(org.apache.mesos.v1.master.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.master.Protos.Event.Type.AGENT_REMOVED)
                .setAgentRemoved(org.apache.mesos.v1.master.Protos.Event.AgentRemoved.newBuilder()
                        .setAgentId(agent.info.getId())).build());
    }

    // ---------------------------------------------------------------- offers

    private void offer(String frameworkId, Map<String, Map<String, Resources>> offered) {
        FrameworkEntry framework = frameworks.get(frameworkId);
        if (framework == null || framework.channel == null) {
            offered.forEach((role, byAgent) -> byAgent.forEach((agentId, resources) ->
                    allocator.recoverResources(frameworkId, agentId, resources, Duration.ZERO)));
            return;
        }
        Event.Offers.Builder batch = Event.Offers.newBuilder();
        Instant now = clock.instant();
        for (Map.Entry<String, Map<String, Resources>> byRole : offered.entrySet()) {
            String role = byRole.getKey();
            for (Map.Entry<String, Resources> byAgent : byRole.getValue().entrySet()) {
                AgentEntry agent = agents.get(byAgent.getKey());
                if (agent == null || !agent.usable()) {
                    allocator.recoverResources(frameworkId, byAgent.getKey(), byAgent.getValue(), Duration.ZERO);
                    continue;
                }
                Offer.Builder offer = Offer.newBuilder()
                        .setId(OfferID.newBuilder().setValue(masterInfo.getId() + "-O" + nextOffer++))
                        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
                        .setAgentId(agent.info.getId())
                        .setHostname(agent.info.getHostname())
                        .addAllResources(byAgent.getValue().toProto(framework.multiRole() ? role : null,
                                framework.refinedReservations()))
                        .addAllAttributes(agent.info.getAttributesList());
                if (framework.multiRole()) {
                    offer.setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role));
                }
                OfferEntry entry = new OfferEntry(offer.build(), byAgent.getValue(), role, now);
                offers.put(entry.id(), entry);
                framework.offers.add(entry.id());
                agent.offers.add(entry.id());
                batch.addOffers(entry.offer);
            }
        }
        if (batch.getOffersCount() > 0) {
            send(framework, Event.newBuilder().setType(Event.Type.OFFERS).setOffers(batch).build());
        }
    }

    private void removeOffer(OfferEntry offer) {
        offers.remove(offer.id());
        FrameworkEntry framework = frameworks.get(offer.frameworkId());
        if (framework != null) {
            framework.offers.remove(offer.id());
        }
        AgentEntry agent = agents.get(offer.agentId());
        if (agent != null) {
            agent.offers.remove(offer.id());
        }
    }

    /** Takes an offer back: the framework gets RESCIND and the resources return to the allocator. */
    private void rescind(OfferEntry offer, Duration refuse) {
        removeOffer(offer);
        FrameworkEntry framework = frameworks.get(offer.frameworkId());
        if (framework != null) {
            send(framework, Event.newBuilder().setType(Event.Type.RESCIND)
                    .setRescind(Event.Rescind.newBuilder().setOfferId(offer.offer.getId())).build());
        }
        AgentEntry agent = agents.get(offer.agentId());
        if (agent != null && agent.state != AgentState.UNREACHABLE && agent.state != AgentState.RECOVERED) {
            allocator.recoverResources(offer.frameworkId(), offer.agentId(), offer.resources, refuse);
        }
    }

    /** Rescinds every offer named, for a framework or an agent that goes away. */
    private void rescindAll(Collection<String> offerIds) {
        for (String offerId : List.copyOf(offerIds)) {
            OfferEntry offer = offers.get(offerId);
            if (offer != null) {
                rescind(offer, Duration.ZERO);
            }
        }
    }

    // ---------------------------------------------------------------- operator view

    /** Follows the operator event stream: SUBSCRIBED with the full state first. */
    public AutoCloseable subscribeOperator(Consumer<org.apache.mesos.v1.master.Protos.Event> listener) {
        listener.accept(org.apache.mesos.v1.master.Protos.Event.newBuilder()
                .setType(org.apache.mesos.v1.master.Protos.Event.Type.SUBSCRIBED)
                .setSubscribed(org.apache.mesos.v1.master.Protos.Event.Subscribed.newBuilder()
                        .setGetState(state()).setHeartbeatIntervalSeconds(settings.frameworkHeartbeat().toSeconds()))
                .build());
        operatorListeners.add(listener);
        return () -> operatorListeners.remove(listener);
    }

    /** Ends everything this master holds open: streams of frameworks, agents and operators. */
    public void close() {
        for (FrameworkEntry framework : frameworks.values()) {
            if (framework.channel != null) {
                framework.channel.close();
                framework.channel = null;
            }
        }
        for (AgentEntry agent : agents.values()) {
            if (agent.channel != null) {
                agent.channel.close();
                agent.channel = null;
            }
        }
        operatorListeners.clear();
    }

    private void operatorEvent(org.apache.mesos.v1.master.Protos.Event event) {
        for (Consumer<org.apache.mesos.v1.master.Protos.Event> listener : operatorListeners) {
            listener.accept(event);
        }
    }

    private org.apache.mesos.v1.master.Protos.Event operatorFrameworkEvent(
            org.apache.mesos.v1.master.Protos.Event.Type type, FrameworkEntry framework) {
        var builder = org.apache.mesos.v1.master.Protos.Event.newBuilder().setType(type);
        if (type == org.apache.mesos.v1.master.Protos.Event.Type.FRAMEWORK_ADDED) {
            builder.setFrameworkAdded(org.apache.mesos.v1.master.Protos.Event.FrameworkAdded.newBuilder()
                    .setFramework(frameworkView(framework)));
        } else {
            builder.setFrameworkUpdated(org.apache.mesos.v1.master.Protos.Event.FrameworkUpdated.newBuilder()
                    .setFramework(frameworkView(framework)));
        }
        return builder.build();
    }

    /** The whole state, as the operator API's GET_STATE answers it. */
    public Response.GetState state() {
        Response.GetTasks.Builder tasks = Response.GetTasks.newBuilder();
        Response.GetFrameworks.Builder frameworkList = Response.GetFrameworks.newBuilder();
        for (FrameworkEntry framework : frameworks.values()) {
            frameworkList.addFrameworks(frameworkView(framework));
            for (TaskEntry task : framework.tasks.values()) {
                AgentEntry agent = agents.get(task.agentId);
                if (task.state() == TaskState.TASK_UNREACHABLE
                        || agent != null && agent.state == AgentState.UNREACHABLE && !task.terminal()) {
                    tasks.addUnreachableTasks(task(task));
                } else if (task.terminal()) {
                    tasks.addCompletedTasks(task(task));
                } else {
                    tasks.addTasks(task(task));
                }
            }
            for (TaskEntry task : framework.completed) {
                tasks.addCompletedTasks(task(task));
            }
        }
        for (FrameworkInfo info : completedFrameworks.values()) {
            frameworkList.addCompletedFrameworks(Response.GetFrameworks.Framework.newBuilder()
                    .setFrameworkInfo(info).setActive(false).setConnected(false).setRecovered(false));
        }
        Response.GetAgents.Builder agentList = Response.GetAgents.newBuilder();
        for (AgentEntry agent : agents.values()) {
            if (agent.state == AgentState.RECOVERED) {
                agentList.addRecoveredAgents(agent.info);
            } else if (agent.state != AgentState.UNREACHABLE) {
                agentList.addAgents(agentView(agent));
            }
        }
        return Response.GetState.newBuilder().setGetTasks(tasks).setGetFrameworks(frameworkList)
                .setGetAgents(agentList).setGetExecutors(Response.GetExecutors.newBuilder()).build();
    }

    /** Agents this master marked unreachable (they may still come back). */
    public List<AgentInfo> unreachableAgents() {
        return agents.values().stream().filter(a -> a.state == AgentState.UNREACHABLE).map(a -> a.info).toList();
    }

    public List<Offer> outstandingOffers() {
        return offers.values().stream().map(o -> o.offer).toList();
    }

    /** Roles with weight, frameworks and allocated resources. */
    public Response.GetRoles roles() {
        Map<String, Resources> allocated = new LinkedHashMap<>();
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (FrameworkEntry framework : frameworks.values()) {
            for (String role : framework.roles()) {
                members.computeIfAbsent(role, r -> new LinkedHashSet<>()).add(framework.id);
                allocated.putIfAbsent(role, Resources.empty());
            }
            for (TaskEntry task : framework.tasks.values()) {
                if (!task.terminal() && task.role != null) {
                    allocated.merge(task.role, task.resources, Resources::plus);
                }
            }
        }
        for (OfferEntry offer : offers.values()) {
            allocated.merge(offer.role, offer.resources, Resources::plus);
        }
        Map<String, Double> weights = new HashMap<>();
        allocator.snapshot().roles().forEach((name, role) -> weights.put(name, role.weight()));
        Response.GetRoles.Builder roles = Response.GetRoles.newBuilder();
        for (Map.Entry<String, Resources> entry : allocated.entrySet()) {
            roles.addRoles(org.apache.mesos.v1.Protos.Role.newBuilder().setName(entry.getKey())
                    .setWeight(weights.getOrDefault(entry.getKey(), 1.0))
                    .addAllFrameworks(members.getOrDefault(entry.getKey(), Set.of()).stream()
                            .map(id -> FrameworkID.newBuilder().setValue(id).build()).toList())
                    .addAllResources(entry.getValue().toProto(null, false)));
        }
        return roles.build();
    }

    /** Counters and gauges in Mesos' {@code /metrics/snapshot} naming. */
    public Map<String, Number> metrics() {
        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("master/elected", 1);
        metrics.put("master/uptime_secs", Duration.between(electedAt, clock.instant()).toMillis() / 1000.0);
        long active = agents.values().stream().filter(a -> a.state == AgentState.ACTIVE).count();
        metrics.put("master/slaves_active", active);
        metrics.put("master/slaves_connected", agents.values().stream().filter(a -> a.channel != null).count());
        metrics.put("master/slaves_disconnected", agents.values().stream().filter(a -> a.state == AgentState.DISCONNECTED).count());
        metrics.put("master/slaves_inactive", agents.values().stream().filter(a -> a.state != AgentState.ACTIVE).count());
        metrics.put("master/slaves_unreachable", agents.values().stream().filter(a -> a.state == AgentState.UNREACHABLE).count());
        metrics.put("master/frameworks_active", frameworks.values().stream().filter(f -> f.active).count());
        metrics.put("master/frameworks_inactive", frameworks.values().stream().filter(f -> !f.active).count());
        metrics.put("master/frameworks_connected", frameworks.values().stream().filter(FrameworkEntry::connected).count());
        metrics.put("master/frameworks_disconnected", frameworks.values().stream().filter(f -> !f.connected()).count());
        metrics.put("master/outstanding_offers", offers.size());
        Map<TaskState, Long> byState = new HashMap<>();
        for (FrameworkEntry framework : frameworks.values()) {
            for (TaskEntry task : framework.tasks.values()) {
                byState.merge(task.state(), 1L, Long::sum);
            }
            for (TaskEntry task : framework.completed) {
                byState.merge(task.state(), 1L, Long::sum);
            }
        }
        for (TaskState state : List.of(TaskState.TASK_STAGING, TaskState.TASK_STARTING, TaskState.TASK_RUNNING,
                TaskState.TASK_KILLING, TaskState.TASK_FINISHED, TaskState.TASK_FAILED, TaskState.TASK_KILLED,
                TaskState.TASK_LOST, TaskState.TASK_ERROR, TaskState.TASK_UNREACHABLE, TaskState.TASK_DROPPED,
                TaskState.TASK_GONE)) {
            metrics.put("master/" + state.name().toLowerCase(java.util.Locale.ROOT).replace("task_", "tasks_"),
                    byState.getOrDefault(state, 0L));
        }
        // scalar sums, not Resources.plus: merging thousands of tasks' resources made this the master's hottest call
        List<String> names = List.of("cpus", "mem", "disk", "gpus");
        double[] total = new double[names.size()];
        double[] used = new double[names.size()];
        for (AgentEntry agent : agents.values()) {
            if (agent.state == AgentState.ACTIVE || agent.state == AgentState.DISCONNECTED) {
                add(total, names, agent.total);
                for (TaskEntry task : agent.tasks.values()) {
                    if (!task.terminal()) {
                        add(used, names, task.resources);
                    }
                }
            }
        }
        for (OfferEntry offer : offers.values()) {
            add(used, names, offer.resources);
        }
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            double t = Math.round(total[i] * 1000) / 1000.0; // Mesos scalars have three decimals
            double u = Math.round(used[i] * 1000) / 1000.0;
            metrics.put("master/" + name + "_total", t);
            metrics.put("master/" + name + "_used", u);
            metrics.put("master/" + name + "_percent", t == 0 ? 0.0 : u / t);
        }
        return metrics;
    }

    private static void add(double[] sums, List<String> names, Resources resources) {
        for (int i = 0; i < names.size(); i++) {
            sums[i] += resources.scalar(names.get(i));
        }
    }

    private Response.GetFrameworks.Framework frameworkView(FrameworkEntry framework) {
        Response.GetFrameworks.Framework.Builder view = Response.GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(framework.info).setActive(framework.active).setConnected(framework.connected())
                .setRecovered(framework.recovered);
        if (framework.registeredAt != null) {
            view.setRegisteredTime(time(framework.registeredAt));
        }
        if (framework.reregisteredAt != null) {
            view.setReregisteredTime(time(framework.reregisteredAt));
        }
        if (framework.unregisteredAt != null) {
            view.setUnregisteredTime(time(framework.unregisteredAt));
        }
        Resources allocated = Resources.empty();
        for (TaskEntry task : framework.tasks.values()) {
            if (!task.terminal()) {
                allocated = allocated.plus(task.resources);
            }
        }
        Resources offered = Resources.empty();
        for (String offerId : framework.offers) {
            OfferEntry offer = offers.get(offerId);
            if (offer != null) {
                view.addOffers(offer.offer);
                offered = offered.plus(offer.resources);
            }
        }
        return view.addAllAllocatedResources(allocated.toProto(null, false))
                .addAllOfferedResources(offered.toProto(null, false)).build();
    }

    private Response.GetAgents.Agent agentView(AgentEntry agent) {
        Resources allocated = Resources.empty();
        for (TaskEntry task : agent.tasks.values()) {
            if (!task.terminal()) {
                allocated = allocated.plus(task.resources);
            }
        }
        Resources offered = Resources.empty();
        for (String offerId : agent.offers) {
            OfferEntry offer = offers.get(offerId);
            if (offer != null) {
                offered = offered.plus(offer.resources);
            }
        }
        Response.GetAgents.Agent.Builder view = Response.GetAgents.Agent.newBuilder()
                .setAgentInfo(agent.info)
                .setActive(agent.state == AgentState.ACTIVE)
                .setDeactivated(agent.state != AgentState.ACTIVE)
                .setVersion(agent.version)
                .setPid("slave(1)@" + agentAddress(agent))
                .addAllTotalResources(agent.total.toProto(null, false))
                .addAllAllocatedResources(allocated.toProto(null, false))
                .addAllOfferedResources(offered.toProto(null, false));
        if (agent.registeredAt != null) {
            view.setRegisteredTime(time(agent.registeredAt));
        }
        if (agent.reregisteredAt != null) {
            view.setReregisteredTime(time(agent.reregisteredAt));
        }
        return view.build();
    }

    private static String agentAddress(AgentEntry agent) {
        return agent.info.getHostname() + ":" + (agent.info.hasPort() ? agent.info.getPort() : 5051);
    }

    private Task task(TaskEntry entry) {
        Task.Builder task = Task.newBuilder().setName(entry.info.getName()).setTaskId(entry.info.getTaskId())
                .setFrameworkId(FrameworkID.newBuilder().setValue(entry.frameworkId))
                .setAgentId(entry.info.getAgentId()).setState(entry.state())
                .addAllResources(entry.info.getResourcesList()).addAllStatuses(entry.statuses)
                .setStatusUpdateState(entry.state());
        if (entry.latest.hasUuid()) {
            task.setStatusUpdateUuid(entry.latest.getUuid());
        }
        if (entry.info.hasExecutor()) {
            task.setExecutorId(entry.info.getExecutor().getExecutorId());
        }
        if (entry.info.hasLabels()) {
            task.setLabels(entry.info.getLabels());
        }
        if (entry.info.hasDiscovery()) {
            task.setDiscovery(entry.info.getDiscovery());
        }
        if (entry.info.hasContainer()) {
            task.setContainer(entry.info.getContainer());
        }
        if (entry.info.hasHealthCheck()) {
            task.setHealthCheck(entry.info.getHealthCheck());
        }
        if (entry.info.hasKillPolicy()) {
            task.setKillPolicy(entry.info.getKillPolicy());
        }
        FrameworkEntry framework = frameworks.get(entry.frameworkId);
        if (framework != null && framework.info.hasUser()) {
            task.setUser(framework.info.getUser());
        }
        return task.build();
    }

    // ---------------------------------------------------------------- helpers

    private void send(FrameworkEntry framework, Event event) {
        if (framework.channel != null) {
            framework.channel.send(event);
        }
    }

    /** A status update the master makes itself: nothing to acknowledge. */
    private void sendMasterUpdate(FrameworkEntry framework, TaskID taskId, AgentID agentId, TaskState state,
                                  TaskStatus.Reason reason, String message) {
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(taskId).setState(state).setReason(reason)
                .setSource(TaskStatus.Source.SOURCE_MASTER).setMessage(message).setTimestamp(seconds(clock.instant()));
        if (agentId != null) {
            status.setAgentId(agentId);
        }
        send(framework, Event.newBuilder().setType(Event.Type.UPDATE)
                .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
    }

    private static String roleOf(FrameworkEntry framework, TaskInfo task) {
        for (Resource resource : task.getResourcesList()) {
            if (resource.hasAllocationInfo() && resource.getAllocationInfo().hasRole()) {
                return resource.getAllocationInfo().getRole();
            }
        }
        return framework.roles().iterator().next();
    }

    private static Duration failoverTimeout(FrameworkInfo info) {
        double seconds = info.hasFailoverTimeout() ? Math.max(0, info.getFailoverTimeout()) : 0;
        return Duration.ofMillis((long) Math.min(seconds * 1000, Duration.ofDays(3650).toMillis()));
    }

    static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static TimeInfo time(Instant instant) {
        return TimeInfo.newBuilder().setNanoseconds(instant.toEpochMilli() * 1_000_000L).build();
    }

    /** A random 16-byte UUID as protobuf bytes, as Mesos puts in status updates. */
    public static ByteString newUuid() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer buffer = ByteBuffer.allocate(16);
        buffer.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return ByteString.copyFrom(buffer.array());
    }

    /** The framework that holds a stream, for diagnostics. */
    public Optional<String> frameworkOfStream(String streamId) {
        return frameworks.values().stream()
                .filter(f -> f.channel != null && f.channel.streamId().equals(streamId)).map(f -> f.id).findFirst();
    }
}

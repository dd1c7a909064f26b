package io.plinth.agent.core;

import com.google.protobuf.ByteString;
import io.plinth.agent.api.Containerizer;
import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state and decisions of one agent, without the network: fed {@link AgentEvent}s from the
 * master and {@link StatusReport}s from the containerizer, it hands {@link AgentCall}s to an outbox.
 *
 * <p>It keeps the agent id (persisted through an {@link AgentIdStore}), the frameworks and tasks
 * it knows, and one status update stream per task, like Mesos' status update manager: updates of a
 * task go out one at a time, in order; the oldest is re-sent until the master acknowledges its uuid,
 * then the next goes out. A task is forgotten once it is terminal and all its updates are
 * acknowledged. In memory for now: a restarted agent remembers only its id.
 *
 * <p>Thread-safe: every method locks the core. The outbox and the containerizer are called with the
 * lock held, so they must not block; the outbox must not call back into the core on the same thread.
 */
public final class AgentCore {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCore.class);

    private final AgentSettings settings;
    private final Containerizer containerizer;
    private final AgentIdStore idStore;
    private final Consumer<AgentCall> outbox;
    private final Clock clock;
    private final StatusSink sink = this::report;

    // guarded by this
    private String agentId;
    private boolean subscribed;
    private final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
    private final Map<TaskKey, TrackedTask> tasks = new LinkedHashMap<>();

    public AgentCore(AgentSettings settings, Containerizer containerizer, AgentIdStore idStore,
                     Consumer<AgentCall> outbox, Clock clock) {
        this.settings = settings;
        this.containerizer = containerizer;
        this.idStore = idStore;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Reads the persisted agent id and lets the containerizer re-adopt that agent's tasks. Call once,
     * before the first {@link #subscribeCall()}.
     */
    public synchronized void recover() {
        agentId = idStore.load().orElse(null);
        if (agentId == null) {
            return;
        }
        List<TaskLaunch> adopted = containerizer.recover(new Recovery(agentId(agentId), settings.workDir()), sink);
        for (TaskLaunch launch : adopted) {
            FrameworkID frameworkId = launch.framework().getId();
            frameworks.put(frameworkId.getValue(), launch.framework());
            for (TaskInfo task : launch.tasks()) {
                tasks.putIfAbsent(TaskKey.of(frameworkId, task.getTaskId()),
                        new TrackedTask(frameworkId, task, launch.executor()));
            }
        }
        LOG.info("Agent {} recovered {} tasks", agentId, tasks.size());
    }

    /**
     * The SUBSCRIBE call for the next stream: the agent's info (with its id, if it has one), every
     * task it knows with its latest status and unacknowledged updates, and their frameworks.
     */
    public synchronized AgentCall subscribeCall() {
        AgentInfo.Builder info = settings.agentInfo();
        if (agentId != null) {
            info.setId(agentId(agentId));
        }
        List<AgentCall.KnownTask> known = new ArrayList<>(tasks.size());
        Map<String, FrameworkInfo> theirFrameworks = new LinkedHashMap<>();
        for (TrackedTask task : tasks.values()) {
            known.add(new AgentCall.KnownTask(task.frameworkId, task.info, task.latest, List.copyOf(task.pending)));
            FrameworkInfo framework = frameworks.get(task.frameworkId.getValue());
            if (framework != null) {
                theirFrameworks.put(task.frameworkId.getValue(), framework);
            }
        }
        return AgentCall.subscribe(info.build(), known, List.copyOf(theirFrameworks.values()), settings.version());
    }

    /** Handles one event of the current stream. */
    public synchronized void onEvent(AgentEvent event) {
        switch (event.type()) {
            case SUBSCRIBED -> subscribed(event.subscribed());
            case LAUNCH -> launch(event.launch());
            case KILL -> kill(event.kill());
            case ACKNOWLEDGE -> acknowledge(event.acknowledge());
            case SHUTDOWN_FRAMEWORK -> shutdownFramework(event.shutdownFramework());
            case PING -> {
                if (agentId != null) {
                    outbox.accept(AgentCall.pong(agentId));
                }
            }
            case ERROR -> {
                LOG.warn("Master ended the stream of agent {}: {}", agentId,
                        event.error() == null ? "(no message)" : event.error().message());
                subscribed = false;
            }
        }
    }

    /** The stream ended or broke: updates wait until the next SUBSCRIBED. */
    public synchronized void onDisconnected() {
        subscribed = false;
    }

    /** Sends again each stream's oldest update that has waited a retry interval; call periodically. */
    public synchronized void retryDue() {
        if (!subscribed) {
            return;
        }
        Instant now = clock.instant();
        for (TrackedTask task : tasks.values()) {
            if (!task.pending.isEmpty()
                    && (task.lastSent == null || !task.lastSent.plus(settings.updateRetryInterval()).isAfter(now))) {
                sendOldest(task);
            }
        }
    }

    public synchronized Optional<String> agentId() {
        return Optional.ofNullable(agentId);
    }

    public synchronized AgentSnapshot snapshot() {
        List<AgentSnapshot.TaskSnapshot> views = new ArrayList<>(tasks.size());
        tasks.forEach((key, task) -> views.add(new AgentSnapshot.TaskSnapshot(key,
                Optional.ofNullable(task.latest).map(TaskStatus::getState), task.pending.size())));
        return new AgentSnapshot(Optional.ofNullable(agentId), subscribed, views);
    }

    private void subscribed(AgentEvent.Subscribed event) {
        String newId = event.agentId().getValue();
        if (agentId != null && !agentId.equals(newId)) {
            // The master no longer knows this agent: as in Mesos, the old agent's tasks must not
            // outlive it, the frameworks have been told they are gone.
            LOG.warn("Master gave agent {} the new id {}: killing and forgetting its {} tasks", agentId, newId, tasks.size());
            killAll(tasks.values());
            tasks.clear();
            frameworks.clear();
        }
        if (!newId.equals(agentId)) {
            try {
                idStore.save(newId);
            } catch (UncheckedIOException e) {
                // keep going: this run works, only a restart would register as a new agent
                LOG.error("Agent {} cannot persist its id; after a restart it will register anew", newId, e);
            }
        }
        agentId = newId;
        subscribed = true;
        LOG.info("Agent {} subscribed (ping every {} s)", agentId, event.pingIntervalSeconds());
        // updates that waited for a master go out now rather than at the next retry tick
        for (TrackedTask task : tasks.values()) {
            if (!task.pending.isEmpty()) {
                sendOldest(task);
            }
        }
    }

    private void launch(AgentEvent.Launch event) {
        FrameworkInfo framework = event.framework();
        if (agentId == null || !framework.hasId()) {
            LOG.warn("Ignoring a launch {}", agentId == null ? "before the agent has an id" : "without a framework id");
            return;
        }
        FrameworkID frameworkId = framework.getId();
        frameworks.put(frameworkId.getValue(), framework);
        List<TaskInfo> fresh = new ArrayList<>(event.tasks().size());
        for (TaskInfo task : event.tasks()) {
            if (tasks.containsKey(TaskKey.of(frameworkId, task.getTaskId()))) {
                LOG.warn("Ignoring a second launch of task {} of framework {}", task.getTaskId().getValue(), frameworkId.getValue());
            } else {
                fresh.add(task);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        ExecutorInfo executor = event.executor();
        for (TaskInfo task : fresh) {
            tasks.put(TaskKey.of(frameworkId, task.getTaskId()), new TrackedTask(frameworkId, task, executor));
        }
        String containerId = UUID.randomUUID().toString();
        String executorId = executor != null ? executor.getExecutorId().getValue() : fresh.get(0).getTaskId().getValue();
        try {
            Path sandbox = Sandboxes.sandbox(settings.workDir(), agentId, frameworkId.getValue(), executorId, containerId);
            // entries exist before the launch: a containerizer may report from inside launch()
            containerizer.launch(new TaskLaunch(agentId(agentId), framework, executor, fresh,
                    ContainerID.newBuilder().setValue(containerId).build(), sandbox), sink);
        } catch (RuntimeException e) {
            LOG.warn("Launch of {} tasks of framework {} failed", fresh.size(), frameworkId.getValue(), e);
            for (TaskInfo task : fresh) {
                report(frameworkId, StatusReport.of(task.getTaskId(), TaskState.TASK_FAILED,
                        TaskStatus.Reason.REASON_CONTAINER_LAUNCH_FAILED, String.valueOf(e.getMessage())));
            }
        }
    }

    private void kill(AgentEvent.Kill event) {
        TrackedTask task = tasks.get(TaskKey.of(event.frameworkId(), event.taskId()));
        if (task == null) {
            // the master reconciles tasks an agent does not report when it re-subscribes
            LOG.warn("Ignoring a kill of unknown task {} of framework {}", event.taskId().getValue(), event.frameworkId().getValue());
            return;
        }
        if (!task.isTerminal()) {
            killQuietly(task, Optional.ofNullable(event.killPolicy()));
        }
    }

    private void acknowledge(AgentEvent.Acknowledge event) {
        TaskKey key = TaskKey.of(event.frameworkId(), event.taskId());
        TrackedTask task = tasks.get(key);
        TaskStatus oldest = task == null ? null : task.pending.peekFirst();
        if (oldest == null || !AgentLink.uuidText(oldest.getUuid()).equals(event.uuid())) {
            // a duplicate (the update was retried and acknowledged twice) or a stale acknowledgement
            LOG.debug("Ignoring acknowledgement {} of task {}", event.uuid(), key);
            return;
        }
        task.pending.removeFirst();
        task.lastSent = null;
        if (!task.pending.isEmpty()) {
            sendOldest(task);
        } else if (task.isTerminal()) {
            forget(key);
        }
    }

    private void shutdownFramework(AgentEvent.ShutdownFramework event) {
        String frameworkId = event.frameworkId().getValue();
        List<TrackedTask> theirs = new ArrayList<>();
        for (Iterator<Map.Entry<TaskKey, TrackedTask>> it = tasks.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<TaskKey, TrackedTask> entry = it.next();
            if (entry.getKey().frameworkId().equals(frameworkId)) {
                theirs.add(entry.getValue());
                it.remove();
            }
        }
        frameworks.remove(frameworkId);
        // forgotten first: the master has removed the framework, updates of these kills go nowhere
        killAll(theirs);
        LOG.info("Shut down framework {}: {} tasks", frameworkId, theirs.size());
    }

    /** The containerizers' sink: a report becomes a status update with a fresh uuid. */
    private synchronized void report(FrameworkID frameworkId, StatusReport report) {
        TaskKey key = TaskKey.of(frameworkId, report.taskId());
        TrackedTask task = tasks.get(key);
        if (task == null || task.isTerminal()) {
            LOG.debug("Ignoring {} of {}: {}", report.state(), key, task == null ? "unknown task" : "already terminal");
            return;
        }
        TaskStatus.Builder status = TaskStatus.newBuilder()
                .setTaskId(report.taskId())
                .setState(report.state())
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .setAgentId(agentId(agentId))
                .setTimestamp(clock.millis() / 1000.0)
                .setUuid(newUuid());
        if (task.executor != null) {
            status.setExecutorId(task.executor.getExecutorId());
        }
        report.reason().ifPresent(status::setReason);
        report.message().ifPresent(status::setMessage);
        report.healthy().ifPresent(status::setHealthy);
        task.latest = status.build();
        task.pending.addLast(task.latest);
        if (task.pending.size() == 1) {
            sendOldest(task);
        }
    }

    private void sendOldest(TrackedTask task) {
        if (!subscribed) {
            return;
        }
        outbox.accept(AgentCall.update(agentId, task.frameworkId, task.pending.peekFirst()));
        task.lastSent = clock.instant();
    }

    private void forget(TaskKey key) {
        tasks.remove(key);
        if (tasks.keySet().stream().noneMatch(k -> k.frameworkId().equals(key.frameworkId()))) {
            frameworks.remove(key.frameworkId());
        }
    }

    private void killAll(Iterable<TrackedTask> victims) {
        for (TrackedTask task : victims) {
            if (!task.isTerminal()) {
                killQuietly(task, Optional.empty());
            }
        }
    }

    private void killQuietly(TrackedTask task, Optional<org.apache.mesos.v1.Protos.KillPolicy> policy) {
        try {
            containerizer.kill(task.frameworkId, task.info.getTaskId(), policy);
        } catch (RuntimeException e) {
            LOG.warn("Kill of task {} of framework {} failed", task.info.getTaskId().getValue(), task.frameworkId.getValue(), e);
        }
    }

    private static AgentID agentId(String value) {
        return AgentID.newBuilder().setValue(value).build();
    }

    private static ByteString newUuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array());
    }

    /** One task and its status update stream; guarded by the core's lock. */
    private static final class TrackedTask {
        final FrameworkID frameworkId;
        final TaskInfo info;
        final ExecutorInfo executor;
        TaskStatus latest;
        final Deque<TaskStatus> pending = new ArrayDeque<>();
        Instant lastSent;

        TrackedTask(FrameworkID frameworkId, TaskInfo info, ExecutorInfo executor) {
            this.frameworkId = frameworkId;
            this.info = info;
            this.executor = executor;
        }

        boolean isTerminal() {
            return latest != null && StatusReport.isTerminal(latest.getState());
        }
    }
}

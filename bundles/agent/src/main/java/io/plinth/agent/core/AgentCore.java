package io.plinth.agent.core;

import com.google.protobuf.ByteString;
import io.plinth.agent.api.AgentView;
import io.plinth.agent.api.Containerizer;
import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.agent.api.TaskView;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
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
 * acknowledged. Tasks and updates are recorded in a {@link TaskStore} before anything acts on them,
 * so a restarted agent knows its tasks, their latest states and which updates still wait for an
 * acknowledgement, and the containerizer re-adopts their processes.
 *
 * <p>Thread-safe: every method locks the core. The outbox and the containerizer are called with the
 * lock held, so they must not block; the outbox must not call back into the core on the same thread.
 */
public final class AgentCore {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCore.class);
    /** Ended tasks kept for {@link #view()}, like Mesos' {@code max_completed_tasks_per_framework} but per agent. */
    private static final int MAX_COMPLETED = 1000;
    private static final Duration MAX_RETRY_INTERVAL = Duration.ofMinutes(10);

    private final AgentSettings settings;
    private final Containerizer containerizer;
    private final AgentIdStore idStore;
    private final TaskStore store;
    private final Consumer<Path> sandboxDone;
    private final Consumer<AgentCall> outbox;
    private final Clock clock;
    private final StatusSink sink = this::report;
    private final Instant startTime;

    // guarded by this
    private String agentId;
    private boolean subscribed;
    private final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();
    private final Map<TaskKey, TrackedTask> tasks = new LinkedHashMap<>();
    private final Deque<TaskView> completed = new ArrayDeque<>();
    private boolean closed;

    /**
     * @param sandboxDone told of each sandbox whose task ended and whose updates were all acknowledged,
     *                    so that it can be collected later; called with the core's lock held
     */
    public AgentCore(AgentSettings settings, Containerizer containerizer, AgentIdStore idStore, TaskStore store,
                     Consumer<Path> sandboxDone, Consumer<AgentCall> outbox, Clock clock) {
        this.settings = settings;
        this.containerizer = containerizer;
        this.idStore = idStore;
        this.store = store;
        this.sandboxDone = sandboxDone;
        this.outbox = outbox;
        this.clock = clock;
        this.startTime = clock.instant();
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
        for (TaskStore.StoredTask stored : store.load(agentId)) {
            FrameworkID frameworkId = stored.framework().getId();
            frameworks.put(frameworkId.getValue(), stored.framework());
            TrackedTask task = new TrackedTask(frameworkId, stored.task(), stored.executor(), stored.containerId(),
                    stored.sandbox());
            task.statuses.addAll(stored.statuses());
            task.latest = stored.statuses().isEmpty() ? null : stored.statuses().get(stored.statuses().size() - 1);
            task.pending.addAll(stored.pending());
            tasks.put(TaskKey.of(frameworkId, stored.task().getTaskId()), task);
        }
        List<TaskLaunch> adopted = containerizer.recover(new Recovery(agentId(agentId), settings.workDir()), sink);
        Set<TaskKey> running = new HashSet<>();
        for (TaskLaunch launch : adopted) {
            FrameworkID frameworkId = launch.framework().getId();
            for (TaskInfo task : launch.tasks()) {
                TaskKey key = TaskKey.of(frameworkId, task.getTaskId());
                running.add(key);
                if (!tasks.containsKey(key)) {
                    // its checkpoint is gone (the task ended and was acknowledged): it must not run on
                    LOG.warn("Killing re-adopted task {} that the agent no longer knows", key);
                    killQuietly(frameworkId, task.getTaskId(), Optional.empty());
                }
            }
        }
        for (TrackedTask task : List.copyOf(tasks.values())) {
            if (!task.isTerminal() && !running.contains(TaskKey.of(task.frameworkId, task.info.getTaskId()))) {
                report(task.frameworkId, StatusReport.of(task.info.getTaskId(), TaskState.TASK_FAILED,
                        TaskStatus.Reason.REASON_EXECUTOR_TERMINATED,
                        "The task's container was not found when the agent recovered"));
            }
        }
        LOG.info("Agent {} recovered {} tasks, {} of them re-adopted", agentId, tasks.size(), running.size());
    }

    /**
     * The agent stops: from now on its sink refuses reports (a containerizer keeps terminal ones for
     * the next recovery) and nothing more is sent. Safe to call twice.
     */
    public synchronized void close() {
        closed = true;
        subscribed = false;
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
            if (!task.pending.isEmpty() && (task.lastSent == null || !task.lastSent.plus(retryInterval(task)).isAfter(now))) {
                task.retries++;
                sendOldest(task);
            }
        }
    }

    /** Mesos' status update manager backs off: the base interval, doubled after each retry, at most {@link #MAX_RETRY_INTERVAL}. */
    private Duration retryInterval(TrackedTask task) {
        Duration interval = settings.updateRetryInterval();
        for (int i = 0; i < task.retries && interval.compareTo(MAX_RETRY_INTERVAL) < 0; i++) {
            interval = interval.multipliedBy(2);
        }
        return interval.compareTo(MAX_RETRY_INTERVAL) < 0 ? interval : MAX_RETRY_INTERVAL;
    }

    public synchronized Optional<String> agentId() {
        return Optional.ofNullable(agentId);
    }

    /** The agent and its tasks now, as {@code /slave(1)/state} shows them. */
    public synchronized AgentView view() {
        List<TaskView> live = new ArrayList<>(tasks.size());
        for (TrackedTask task : tasks.values()) {
            live.add(task.view());
        }
        Map<String, FrameworkInfo> theirFrameworks = new LinkedHashMap<>(frameworks);
        for (TaskView task : completed) {
            // a completed task's framework may be gone from the live map; keep a minimal entry
            theirFrameworks.putIfAbsent(task.frameworkId().getValue(),
                    FrameworkInfo.newBuilder().setId(task.frameworkId()).setName("").setUser("").build());
        }
        return new AgentView(Optional.ofNullable(agentId).map(AgentCore::agentId), settings.hostname(), settings.port(),
                settings.resources(), settings.attributes(), settings.workDir(), startTime, settings.version(), subscribed,
                List.copyOf(theirFrameworks.values()), live, List.copyOf(completed));
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
            for (TrackedTask task : tasks.values()) {
                store.forget(agentId, task.frameworkId.getValue(), task.info.getTaskId());
                sandboxDone.accept(task.sandbox);
            }
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
        String containerId = UUID.randomUUID().toString();
        String executorId = executor != null ? executor.getExecutorId().getValue() : fresh.get(0).getTaskId().getValue();
        Path sandbox;
        try {
            sandbox = Sandboxes.sandbox(settings.workDir(), agentId, frameworkId.getValue(), executorId, containerId);
        } catch (IllegalArgumentException e) {
            sandbox = null;
        }
        for (TaskInfo task : fresh) {
            tasks.put(TaskKey.of(frameworkId, task.getTaskId()),
                    new TrackedTask(frameworkId, task, executor, containerId, sandbox == null ? settings.workDir() : sandbox));
        }
        try {
            if (sandbox == null) {
                throw new IllegalArgumentException("the framework, executor or task id cannot name a sandbox directory");
            }
            for (TaskInfo task : fresh) {
                store.launched(agentId, framework, task, executor, containerId, sandbox);
            }
            // entries exist before the launch: a containerizer may report from inside launch()
            containerizer.launch(new TaskLaunch(agentId(agentId), settings.hostname(), framework, executor, fresh,
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
            killQuietly(task.frameworkId, task.info.getTaskId(), Optional.ofNullable(event.killPolicy()));
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
        task.retries = 0;
        try {
            store.acknowledged(agentId, key.frameworkId(), event.taskId(), oldest.getUuid());
        } catch (UncheckedIOException e) {
            // the update would be sent once more after a restart, which frameworks tolerate
            LOG.warn("Cannot checkpoint the acknowledgement of {}", key, e);
        }
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
                store.forget(agentId, frameworkId, entry.getValue().info.getTaskId());
                sandboxDone.accept(entry.getValue().sandbox);
            }
        }
        frameworks.remove(frameworkId);
        // forgotten first: the master has removed the framework, updates of these kills go nowhere
        killAll(theirs);
        LOG.info("Shut down framework {}: {} tasks", frameworkId, theirs.size());
    }

    /** The containerizers' sink: a report becomes a status update with a fresh uuid. */
    private synchronized void report(FrameworkID frameworkId, StatusReport report) {
        if (closed) {
            throw new IllegalStateException("agent " + agentId + " has stopped");
        }
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
        try {
            store.updated(agentId, frameworkId.getValue(), report.taskId(), task.latest);
        } catch (RuntimeException e) {
            // sent all the same: losing it after a crash is no worse than not sending it now
            LOG.error("Cannot checkpoint {} of {}", report.state(), key, e);
        }
        task.statuses.add(task.latest);
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
        TrackedTask task = tasks.remove(key);
        if (task != null) {
            store.forget(agentId, key.frameworkId(), task.info.getTaskId());
            sandboxDone.accept(task.sandbox);
            completed.addLast(task.view());
            while (completed.size() > MAX_COMPLETED) {
                completed.removeFirst();
            }
        }
        if (tasks.keySet().stream().noneMatch(k -> k.frameworkId().equals(key.frameworkId()))) {
            frameworks.remove(key.frameworkId());
        }
    }

    private void killAll(Iterable<TrackedTask> victims) {
        for (TrackedTask task : victims) {
            if (!task.isTerminal()) {
                killQuietly(task.frameworkId, task.info.getTaskId(), Optional.empty());
            }
        }
    }

    private void killQuietly(FrameworkID frameworkId, TaskID taskId, Optional<org.apache.mesos.v1.Protos.KillPolicy> policy) {
        try {
            containerizer.kill(frameworkId, taskId, policy);
        } catch (RuntimeException e) {
            LOG.warn("Kill of task {} of framework {} failed", taskId.getValue(), frameworkId.getValue(), e);
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
        final String containerId;
        final Path sandbox;
        TaskStatus latest;
        final List<TaskStatus> statuses = new ArrayList<>();
        final Deque<TaskStatus> pending = new ArrayDeque<>();
        Instant lastSent;
        int retries;

        TrackedTask(FrameworkID frameworkId, TaskInfo info, ExecutorInfo executor, String containerId, Path sandbox) {
            this.frameworkId = frameworkId;
            this.info = info;
            this.executor = executor;
            this.containerId = containerId;
            this.sandbox = sandbox;
        }

        TaskView view() {
            return new TaskView(frameworkId, info, Optional.ofNullable(executor),
                    executor != null ? executor.getExecutorId() : ExecutorID.newBuilder().setValue(info.getTaskId().getValue()).build(),
                    ContainerID.newBuilder().setValue(containerId).build(), sandbox, statuses, pending.size());
        }

        boolean isTerminal() {
            return latest != null && StatusReport.isTerminal(latest.getState());
        }
    }
}

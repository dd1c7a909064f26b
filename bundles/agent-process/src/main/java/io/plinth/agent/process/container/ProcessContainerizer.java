package io.plinth.agent.process.container;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.api.Containerizer;
import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.agent.process.cgroups.CgroupUsage;
import io.plinth.agent.process.cgroups.CgroupsV2;
import io.plinth.agent.process.container.Checkpoint.Cause;
import io.plinth.agent.process.container.Container.Phase;
import io.plinth.agent.process.fetch.FetchException;
import io.plinth.agent.process.fetch.Fetcher;
import io.plinth.agent.process.health.HealthChecker;
import io.plinth.agent.process.health.HealthListener;
import io.plinth.agent.process.health.HealthTarget;
import io.plinth.agent.process.launch.Account;
import io.plinth.agent.process.launch.CommandLine;
import io.plinth.agent.process.launch.Supervisor;
import io.plinth.agent.process.launch.TaskEnvironment;
import io.plinth.agent.process.proc.ProcTable;
import io.plinth.agent.process.proc.ProcessInfo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each command task as real processes: a sandbox, its URIs fetched, its command under a
 * {@link Supervisor} in a session of its own, its memory enforced and usage measured from the
 * process table (or by a cgroup v2 where the agent may make one), agent-side health checks, and a
 * kill that reaches every process of the session. Everything needed to re-adopt a task after the
 * agent's JVM or this bundle restarts is checkpointed in the container's control directory, which
 * is deleted once the task's terminal state was handed to the agent.
 *
 * <p>Threads: {@code launch()} and {@code kill()} only record and enqueue; sandbox, fetch and spawn run
 * on the launch pool; reports go to the sinks from one reporter thread, in order, never with a
 * container's lock held (the agent calls in here holding its own lock, and its sink takes that lock).
 */
public final class ProcessContainerizer implements Containerizer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessContainerizer.class);

    private final ProcessSettings settings;
    private final Supervisor supervisor;
    private final String setpriv;
    private final ProcTable procs;
    private final Fetcher fetcher;
    private final Optional<CgroupsV2> cgroups;
    private final Clock clock;
    private final Path passwd;
    private final boolean root;
    private final ObjectMapper mapper = new ObjectMapper();

    private final ExecutorService launches;
    private final ExecutorService reporter;
    private final ScheduledExecutorService timer;
    private final ExecutorService blocking;
    private final ExecutorService signalling;
    private final LinkedBlockingQueue<SignalRequest> signals = new LinkedBlockingQueue<>();

    private final Map<String, Container> byId = new ConcurrentHashMap<>();
    private final Map<String, Container> byTask = new ConcurrentHashMap<>();

    /**
     * @param setpriv absolute path of util-linux' {@code setpriv}, used to switch users
     * @param passwd  the accounts file ({@code /etc/passwd})
     * @param root    whether the agent runs as root and so may switch users
     */
    public ProcessContainerizer(ProcessSettings settings, Supervisor supervisor, String setpriv, ProcTable procs,
                                Fetcher fetcher, Optional<CgroupsV2> cgroups, Clock clock, Path passwd, boolean root) {
        this.settings = settings;
        this.supervisor = supervisor;
        this.setpriv = setpriv;
        this.procs = procs;
        this.fetcher = fetcher;
        this.cgroups = cgroups;
        this.clock = clock;
        this.passwd = passwd;
        this.root = root;
        this.launches = Executors.newFixedThreadPool(settings.launchThreads(), threads("plinth-launch"));
        this.reporter = Executors.newSingleThreadExecutor(threads("plinth-task-reports"));
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("plinth-containers"));
        this.blocking = Executors.newCachedThreadPool(threads("plinth-health"));
        this.signalling = Executors.newSingleThreadExecutor(threads("plinth-signals"));
        long interval = settings.monitorInterval().toMillis();
        timer.scheduleWithFixedDelay(this::monitorQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    // ---- Containerizer ------------------------------------------------------------------------

    @Override
    public void launch(TaskLaunch launch, StatusSink sink) {
        if (launch.hasExecutor() || launch.tasks().size() != 1) {
            for (TaskInfo task : launch.tasks()) {
                sink.update(launch.framework().getId(), StatusReport.of(task.getTaskId(), TaskState.TASK_FAILED,
                        Reason.REASON_CONTAINER_LAUNCH_FAILED,
                        "The process containerizer runs command tasks only, not task groups or custom executors"));
            }
            return;
        }
        TaskInfo task = launch.tasks().get(0);
        Path control = Checkpoint.controlDir(workDirOf(launch.sandbox()), launch.agentId().getValue(),
                launch.containerId().getValue());
        Container container = new Container(launch, control, scalar(task, "cpus"), (long) (scalar(task, "mem") * 1024 * 1024), sink);
        byId.put(container.id, container);
        byTask.put(container.key(), container);
        report(container, StatusReport.of(task.getTaskId(), TaskState.TASK_STARTING));
        launches.execute(() -> prepare(container));
    }

    @Override
    public void kill(FrameworkID frameworkId, TaskID taskId, Optional<KillPolicy> killPolicy) {
        Container container = byTask.get(Container.key(frameworkId, taskId.getValue()));
        if (container == null) {
            return;
        }
        Duration grace = killPolicy.filter(KillPolicy::hasGracePeriod)
                .or(() -> Optional.of(container.task.getKillPolicy()).filter(KillPolicy::hasGracePeriod))
                .map(policy -> Duration.ofNanos(policy.getGracePeriod().getNanoseconds()))
                .orElse(settings.defaultGrace());
        end(container, Cause.KILL, grace);
    }

    @Override
    public List<TaskLaunch> recover(Recovery recovery, StatusSink sink) {
        String agentId = recovery.agentId().getValue();
        List<TaskLaunch> recovered = new ArrayList<>();
        for (Container container : byId.values()) {
            if (container.agentId().equals(agentId)) {
                // only the agent restarted: its tasks are still watched here and report to the new sink
                container.sink = sink;
                recovered.add(container.launch);
                StatusReport terminal;
                synchronized (container) {
                    terminal = container.terminal;
                }
                if (terminal != null) {
                    report(container, terminal);
                }
            }
        }
        Path dir = Checkpoint.containersDir(recovery.workDir(), agentId);
        if (!Files.isDirectory(dir)) {
            return recovered;
        }
        try (DirectoryStream<Path> controls = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path control : controls) {
                if (!byId.containsKey(control.getFileName().toString())) {
                    adopt(control, sink).ifPresent(container -> recovered.add(container.launch));
                }
            }
        } catch (IOException e) {
            LOG.error("Cannot list the containers of agent {} in {}", agentId, dir, e);
        }
        LOG.info("Recovered {} containers of agent {}", recovered.size(), agentId);
        return recovered;
    }

    @Override
    public List<ContainerUsage> usage(org.apache.mesos.v1.Protos.AgentID agentId) {
        List<ContainerUsage> usage = new ArrayList<>();
        for (Container container : byId.values()) {
            if (container.agentId().equals(agentId.getValue())) {
                synchronized (container) {
                    if (container.usage != null && container.phase == Phase.RUNNING) {
                        usage.add(container.usage);
                    }
                }
            }
        }
        return usage;
    }

    /** Stops watching; the tasks keep running and a later instance re-adopts them. Safe to call twice. */
    @Override
    public void close() {
        timer.shutdownNow();
        launches.shutdownNow();
        blocking.shutdownNow();
        signalling.shutdownNow();
        for (Container container : byId.values()) {
            synchronized (container) {
                if (container.health != null) {
                    container.health.close();
                }
            }
        }
        // terminal reports not yet delivered stay in their control directories for the next recovery
        reporter.shutdownNow();
    }

    // ---- launch ------------------------------------------------------------------------------

    private void prepare(Container container) {
        TaskLaunch launch = container.launch;
        TaskInfo task = container.task;
        try {
            if (!task.hasCommand()) {
                throw new LaunchFailure("The task has no command");
            }
            Optional<Account> account = account(task, launch);
            Files.createDirectories(launch.sandbox());
            Files.createDirectories(container.control);
            fetcher.fetch(task.getCommand().getUrisList(), launch.sandbox());
            if (account.isPresent()) {
                giveTo(launch.sandbox(), account.get());
            }
            Map<String, String> env = environment(container, account);
            List<String> argv = CommandLine.of(task.getCommand(), account, setpriv);
            if (task.hasHealthCheck()) {
                HealthChecker.validate(task.getHealthCheck());
            }
            Optional<Path> cgroupProcs = Optional.empty();
            if (cgroups.isPresent() && container.memBytes > 0 && container.cpus > 0) {
                cgroups.get().create(container.id, container.cpus, container.memBytes);
                cgroupProcs = Optional.of(cgroups.get().procsFile(container.id));
            }
            Process process;
            synchronized (container) {
                if (container.cause != Cause.NONE) {
                    container.phase = Phase.ENDED;
                    container.terminal = StatusReport.of(task.getTaskId(), TaskState.TASK_KILLED,
                            Reason.REASON_TASK_KILLED_DURING_LAUNCH, "Killed before it started");
                    report(container, container.terminal);
                    return;
                }
                process = supervisor.start(argv, env, launch.sandbox(), container.control, cgroupProcs);
                container.process = process;
                container.supervisorPid = process.pid();
                container.supervisorStart = procs.process(process.pid()).map(ProcessInfo::startTicks).orElse(-1L);
                container.phase = Phase.RUNNING;
            }
            new Checkpoint(launch, container.cpus, container.memBytes, container.supervisorPid, container.supervisorStart)
                    .write(container.control, mapper);
            report(container, StatusReport.of(task.getTaskId(), TaskState.TASK_RUNNING));
            watchHealth(container, env);
            process.onExit().thenRunAsync(() -> ended(container), launches);
        } catch (FetchException | LaunchFailure | IllegalArgumentException e) {
            fail(container, Reason.REASON_CONTAINER_LAUNCH_FAILED, e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Launch of task {} failed", task.getTaskId().getValue(), e);
            fail(container, Reason.REASON_CONTAINER_LAUNCH_FAILED, "Failed to launch: " + e);
        }
    }

    private Optional<Account> account(TaskInfo task, TaskLaunch launch) throws IOException, LaunchFailure {
        String user = task.getCommand().hasUser() ? task.getCommand().getUser() : launch.framework().getUser();
        if (!settings.switchUser() || !root || user.isEmpty() || user.equals("root")) {
            return Optional.empty();
        }
        Optional<Account> account = Account.lookup(passwd, user);
        if (account.isEmpty()) {
            throw new LaunchFailure("User '" + user + "' does not exist on this agent");
        }
        return account;
    }

    private static void giveTo(Path sandbox, Account account) throws IOException {
        try (Stream<Path> paths = Files.walk(sandbox)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(path, "unix:uid", (int) account.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(path, "unix:gid", (int) account.gid(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private Map<String, String> environment(Container container, Optional<Account> account) {
        Map<String, String> base = new LinkedHashMap<>(settings.baseEnvironment());
        account.ifPresent(a -> {
            base.put("HOME", a.home());
            base.put("USER", a.name());
            base.put("LOGNAME", a.name());
        });
        TaskLaunch launch = container.launch;
        return TaskEnvironment.of(base, launch.agentId(), launch.hostname(), container.frameworkId, container.task,
                launch.sandbox());
    }

    private void fail(Container container, Reason reason, String message) {
        synchronized (container) {
            if (container.phase == Phase.ENDED) {
                return;
            }
            container.phase = Phase.ENDED;
            container.terminal = StatusReport.of(container.task.getTaskId(), TaskState.TASK_FAILED, reason, message);
        }
        report(container, container.terminal);
    }

    // ---- health ------------------------------------------------------------------------------

    private void watchHealth(Container container, Map<String, String> env) {
        if (!container.task.hasHealthCheck()) {
            return;
        }
        HealthChecker checker = new HealthChecker(container.task.getHealthCheck(),
                new HealthTarget("127.0.0.1", env, container.launch.sandbox()), timer, blocking, clock,
                new HealthListener() {
                    @Override
                    public void healthChanged(boolean healthy, String detail) {
                        synchronized (container) {
                            if (container.phase != Phase.RUNNING || container.cause != Cause.NONE) {
                                return;
                            }
                        }
                        report(container, new StatusReport(container.task.getTaskId(), TaskState.TASK_RUNNING,
                                Optional.of(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED), Optional.of(detail),
                                Optional.of(healthy)));
                    }

                    @Override
                    public void failedTooOften(int consecutiveFailures, String lastFailure) {
                        LOG.info("Task {} failed {} health checks in a row ({}): killing it",
                                container.task.getTaskId().getValue(), consecutiveFailures, lastFailure);
                        end(container, Cause.HEALTH, grace(container));
                    }
                });
        synchronized (container) {
            if (container.phase != Phase.RUNNING || container.cause != Cause.NONE) {
                return;
            }
            container.health = checker;
        }
        checker.start();
    }

    private Duration grace(Container container) {
        KillPolicy policy = container.task.getKillPolicy();
        return policy.hasGracePeriod() ? Duration.ofNanos(policy.getGracePeriod().getNanoseconds()) : settings.defaultGrace();
    }

    // ---- kill and end ------------------------------------------------------------------------

    /** Ends a task on the agent's behalf: SIGTERM to its session, then SIGKILL after the grace period. */
    private void end(Container container, Cause cause, Duration grace) {
        boolean signal;
        synchronized (container) {
            if (container.phase == Phase.ENDED || container.cause != Cause.NONE) {
                return;
            }
            container.cause = cause;
            try {
                Files.createDirectories(container.control);
                Checkpoint.writeCause(container.control, cause);
            } catch (IOException e) {
                LOG.warn("Cannot checkpoint the kill of task {}; after a restart it may be reported as failed",
                        container.task.getTaskId().getValue(), e);
            }
            if (container.health != null) {
                container.health.close();
            }
            signal = container.phase == Phase.RUNNING;
            if (signal) {
                container.forceKill = timer.schedule(() -> signal(container, true), grace.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        StatusReport killing = StatusReport.of(container.task.getTaskId(), TaskState.TASK_KILLING);
        report(container, cause == Cause.HEALTH ? killing.withHealthy(false) : killing);
        if (signal) {
            signal(container, grace.isZero());
        }
    }

    /**
     * Signals every process of the task: its session (all it started, however deep, unless a process
     * opened a session of its own) and the supervisor's children (the task before it opened its
     * session). Never the supervisor, which must live to record the status. Requests are batched: one
     * read of the process table serves every kill that arrived meanwhile (a thousand kills at once
     * would otherwise read it a thousand times).
     *
     * @return completes once the signals were sent
     */
    private CompletableFuture<Void> signal(Container container, boolean force) {
        SignalRequest request = new SignalRequest(container, force, new CompletableFuture<>());
        if (signalling.isShutdown()) {
            request.done().complete(null);
        } else {
            signals.add(request);
            signalling.execute(this::sendSignals);
        }
        return request.done();
    }

    private void sendSignals() {
        List<SignalRequest> batch = new ArrayList<>();
        signals.drainTo(batch);
        if (batch.isEmpty()) {
            return;
        }
        try {
            Map<Long, List<ProcessInfo>> bySession = new HashMap<>();
            Map<Long, List<ProcessInfo>> byParent = new HashMap<>();
            for (ProcessInfo process : procs.snapshot()) {
                if (!process.isZombie()) {
                    bySession.computeIfAbsent(process.sid(), sid -> new ArrayList<>()).add(process);
                    byParent.computeIfAbsent(process.ppid(), ppid -> new ArrayList<>()).add(process);
                }
            }
            for (SignalRequest request : batch) {
                Container container = request.container();
                long supervisorPid;
                synchronized (container) {
                    supervisorPid = container.supervisorPid;
                }
                if (supervisorPid == 0) {
                    continue;
                }
                if (cgroups.isPresent() && request.force() && cgroups.get().exists(container.id)) {
                    cgroups.get().killAll(container.id);
                }
                List<ProcessInfo> members = new ArrayList<>(byParent.getOrDefault(supervisorPid, List.of()));
                container.taskPid().ifPresent(sid -> members.addAll(bySession.getOrDefault(sid, List.of())));
                for (ProcessInfo process : members) {
                    if (process.pid() != supervisorPid) {
                        ProcessHandle.of(process.pid()).ifPresent(handle -> {
                            if (request.force()) {
                                handle.destroyForcibly();
                            } else {
                                handle.destroy();
                            }
                        });
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Signalling {} containers failed", batch.size(), e);
        } finally {
            batch.forEach(request -> request.done().complete(null));
        }
    }

    /** A signal for the processes of one container. */
    private record SignalRequest(Container container, boolean force, CompletableFuture<Void> done) {
    }

    /** The supervisor is gone: clear up what the task left, decide its terminal state and report it. */
    private void ended(Container container) {
        Cause cause;
        long peak;
        synchronized (container) {
            if (container.phase == Phase.ENDED) {
                return;
            }
            container.phase = Phase.ENDED;
            if (container.forceKill != null) {
                container.forceKill.cancel(false);
            }
            if (container.health != null) {
                container.health.close();
            }
            cause = container.cause;
            peak = container.peakRssBytes;
        }
        // what the task left behind (a child that outlived it) must not outlive it
        try {
            signal(container, true).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.warn("Could not clear up what task {} left behind", container.task.getTaskId().getValue(), e);
        }
        if (cgroups.isPresent() && cgroups.get().exists(container.id)) {
            if (cause == Cause.NONE && cgroups.get().oomKilled(container.id)) {
                cause = Cause.MEMORY;
            }
            cgroups.get().killAll(container.id);
            cgroups.get().remove(container.id);
        }
        StatusReport terminal = Outcome.of(container.task.getTaskId(), cause,
                Supervisor.exitStatus(container.control), container.memBytes, peak);
        synchronized (container) {
            container.terminal = terminal;
        }
        report(container, terminal);
    }

    // ---- recovery ----------------------------------------------------------------------------

    private Optional<Container> adopt(Path control, StatusSink sink) {
        Optional<Checkpoint> read;
        try {
            read = Checkpoint.read(control, mapper);
        } catch (IOException e) {
            LOG.error("Cannot re-adopt container {}: {}", control.getFileName(), e.getMessage());
            return Optional.empty();
        }
        if (read.isEmpty()) {
            // the agent stopped before the launch was even checkpointed; the agent fails the task
            deleteQuietly(control);
            return Optional.empty();
        }
        Checkpoint checkpoint = read.get();
        Container container = new Container(checkpoint.launch(), control, checkpoint.cpus(), checkpoint.memBytes(), sink);
        byId.put(container.id, container);
        byTask.put(container.key(), container);
        synchronized (container) {
            container.cause = Checkpoint.readCause(control);
            container.supervisorPid = checkpoint.supervisorPid();
            container.supervisorStart = checkpoint.supervisorStart();
        }
        if (isSupervisorAlive(container, procs.process(checkpoint.supervisorPid()))) {
            synchronized (container) {
                container.phase = Phase.RUNNING;
            }
            if (container.cause != Cause.NONE) {
                // a kill was under way when the agent stopped; its grace has passed
                signal(container, true);
            } else {
                Optional<Account> account = Optional.empty();
                try {
                    account = account(container.task, container.launch);
                } catch (IOException | LaunchFailure e) {
                    LOG.debug("No account for the health checks of {}", container.id, e);
                }
                watchHealth(container, environment(container, account));
            }
        } else {
            launches.execute(() -> ended(container));
        }
        return Optional.of(container);
    }

    private static boolean isSupervisorAlive(Container container, Optional<ProcessInfo> process) {
        long start;
        synchronized (container) {
            start = container.supervisorStart;
        }
        return process.isPresent() && !process.get().isZombie() && start >= 0 && process.get().startTicks() == start;
    }

    // ---- monitoring --------------------------------------------------------------------------

    private void monitorQuietly() {
        try {
            monitor();
        } catch (RuntimeException e) {
            LOG.warn("Monitoring the containers failed", e);
        }
    }

    /** One read of the process table: usage, memory limits, and the ends of adopted tasks. */
    private void monitor() {
        List<Container> running = new ArrayList<>();
        for (Container container : byId.values()) {
            synchronized (container) {
                if (container.phase == Phase.RUNNING) {
                    running.add(container);
                }
            }
        }
        if (running.isEmpty()) {
            return;
        }
        List<ProcessInfo> table = procs.snapshot();
        Map<Long, ProcessInfo> byPid = new HashMap<>(table.size() * 2);
        Map<Long, List<ProcessInfo>> bySession = new HashMap<>();
        for (ProcessInfo process : table) {
            byPid.put(process.pid(), process);
            bySession.computeIfAbsent(process.sid(), sid -> new ArrayList<>()).add(process);
        }
        for (Container container : running) {
            boolean adopted;
            synchronized (container) {
                adopted = container.process == null;
            }
            if (adopted && !isSupervisorAlive(container, Optional.ofNullable(byPid.get(container.supervisorPid)))) {
                launches.execute(() -> ended(container));
                continue;
            }
            measure(container, container.taskPid().map(bySession::get).orElse(List.of()));
        }
    }

    private void measure(Container container, List<ProcessInfo> members) {
        long rss = 0;
        long user = 0;
        long system = 0;
        int threads = 0;
        int count = 0;
        for (ProcessInfo process : members) {
            if (!process.isZombie()) {
                rss += process.rssPages() * procs.pageSize();
                user += process.userTicks();
                system += process.systemTicks();
                threads += process.threads();
                count++;
            }
        }
        double userSecs = user / (double) ProcTable.TICKS_PER_SECOND;
        double systemSecs = system / (double) ProcTable.TICKS_PER_SECOND;
        if (cgroups.isPresent()) {
            Optional<CgroupUsage> measured = cgroups.get().usage(container.id);
            if (measured.isPresent()) {
                rss = measured.get().memoryCurrentBytes();
                userSecs = measured.get().cpuUserSecs();
                systemSecs = measured.get().cpuSystemSecs();
                count = measured.get().processes();
            }
        }
        boolean overLimit;
        synchronized (container) {
            container.peakRssBytes = Math.max(container.peakRssBytes, rss);
            container.usage = new ContainerUsage(container.frameworkId, org.apache.mesos.v1.Protos.ExecutorID.newBuilder()
                    .setValue(container.task.getTaskId().getValue()).build(), container.task.getName(),
                    container.launch.containerId(), clock.instant(), container.cpus, container.memBytes, userSecs,
                    systemSecs, rss, count, threads);
            overLimit = settings.enforceMemory() && cgroups.isEmpty() && container.memBytes > 0
                    && rss > container.memBytes && container.cause == Cause.NONE;
        }
        if (overLimit) {
            LOG.info("Task {} uses {} bytes of memory, more than its {}: killing it",
                    container.task.getTaskId().getValue(), rss, container.memBytes);
            end(container, Cause.MEMORY, Duration.ZERO);
        }
    }

    // ---- reports -----------------------------------------------------------------------------

    private void report(Container container, StatusReport report) {
        try {
            reporter.execute(() -> deliver(container, report));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("Containerizer closed; {} of task {} waits for the next recovery", report.state(),
                    container.task.getTaskId().getValue());
        }
    }

    private void deliver(Container container, StatusReport report) {
        try {
            container.sink.update(container.frameworkId, report);
        } catch (IllegalStateException e) {
            LOG.debug("Agent stopped; {} of task {} waits for the next recovery", report.state(),
                    container.task.getTaskId().getValue());
            return;
        } catch (RuntimeException e) {
            LOG.warn("The agent refused {} of task {}", report.state(), container.task.getTaskId().getValue(), e);
            return;
        }
        if (report.isTerminal()) {
            // the agent has it (and has checkpointed it): nothing of the container is needed any more
            byId.remove(container.id, container);
            byTask.remove(container.key(), container);
            deleteQuietly(container.control);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.debug("Cannot delete {}", dir, e);
        }
    }

    /** The work directory of a sandbox laid out {@code <work_dir>/slaves/<a>/frameworks/<f>/executors/<e>/runs/<c>}. */
    static Path workDirOf(Path sandbox) {
        Path workDir = sandbox;
        for (int i = 0; i < 8 && workDir != null; i++) {
            workDir = workDir.getParent();
        }
        if (workDir == null || !sandbox.getName(workDir.getNameCount()).toString().equals("slaves")) {
            throw new IllegalArgumentException("sandbox " + sandbox + " is not laid out as <work_dir>/slaves/.../runs/<container>");
        }
        return workDir;
    }

    private static double scalar(TaskInfo task, String name) {
        double sum = 0;
        for (Resource resource : task.getResourcesList()) {
            if (resource.getName().equals(name) && resource.hasScalar()) {
                sum += resource.getScalar().getValue();
            }
        }
        return sum;
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A launch that cannot go on, with the message the framework sees. */
    private static final class LaunchFailure extends Exception {
        LaunchFailure(String message) {
            super(message);
        }
    }
}

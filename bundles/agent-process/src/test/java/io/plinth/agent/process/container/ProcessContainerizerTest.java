package io.plinth.agent.process.container;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.agent.process.fetch.Fetcher;
import io.plinth.agent.process.fetch.FetcherSettings;
import io.plinth.agent.process.launch.Supervisor;
import io.plinth.agent.process.proc.ProcTable;
import io.plinth.agent.process.proc.ProcessInfo;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real processes, real sandboxes: what the process containerizer promises, seen from the agent's side. */
class ProcessContainerizerTest {

    private static final AgentID AGENT = AgentID.newBuilder().setValue("agent-1").build();
    private static final FrameworkID FRAMEWORK_ID = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder().setId(FRAMEWORK_ID).setName("test")
            .setUser("").build();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path work;

    private final ProcTable procs = ProcTable.system();
    private final List<ProcessContainerizer> containerizers = new ArrayList<>();
    private final List<Long> sessions = new ArrayList<>();
    private final Reports reports = new Reports();

    @AfterEach
    void killEverythingLeft() throws IOException {
        containerizers.forEach(ProcessContainerizer::close);
        // every task session the supervisors recorded, whether the test looked at it or not
        Path meta = work.resolve("meta");
        if (Files.isDirectory(meta)) {
            try (var files = Files.find(meta, 6, (path, attributes) -> path.getFileName().toString().equals(Supervisor.TASK_PID))) {
                files.forEach(file -> Supervisor.taskPid(file.getParent()).ifPresent(sessions::add));
            }
        }
        for (ProcessInfo process : procs.snapshot()) {
            if (sessions.contains(process.sid()) || isOurSupervisor(process)) {
                ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    private boolean isOurSupervisor(ProcessInfo process) {
        return ProcessHandle.of(process.pid()).flatMap(h -> h.info().commandLine())
                .map(line -> line.contains(work.toString())).orElse(false);
    }

    private ProcessContainerizer containerizer() {
        return containerizer(true);
    }

    private ProcessContainerizer containerizer(boolean root) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        ProcessSettings settings = new ProcessSettings(Map.of("PATH", path), Duration.ofSeconds(3),
                Duration.ofMillis(100), true, true, 2);
        ProcessContainerizer containerizer = new ProcessContainerizer(settings, Supervisor.onPath(path),
                Supervisor.executable(path, "setpriv"), procs,
                new Fetcher(new FetcherSettings(Optional.empty(), 0, Duration.ofSeconds(5), Duration.ofSeconds(5)),
                        HttpClient.newHttpClient()), Optional.empty(), Clock.systemUTC(), Path.of("/etc/passwd"), root);
        containerizers.add(containerizer);
        return containerizer;
    }

    private static TaskInfo.Builder task(String id, String command, double memMb) {
        TaskInfo.Builder task = TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AGENT).setCommand(CommandInfo.newBuilder().setValue(command))
                .addResources(scalar("cpus", 0.1));
        if (memMb > 0) {
            task.addResources(scalar("mem", memMb));
        }
        return task;
    }

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    private TaskLaunch launchOf(TaskInfo task) {
        String container = UUID.randomUUID().toString();
        Path sandbox = work.resolve("slaves/agent-1/frameworks/fw-1/executors").resolve(task.getTaskId().getValue())
                .resolve("runs").resolve(container);
        return new TaskLaunch(AGENT, "node-1.test", FRAMEWORK, null, List.of(task),
                ContainerID.newBuilder().setValue(container).build(), sandbox);
    }

    private TaskLaunch launch(ProcessContainerizer containerizer, TaskInfo task) {
        TaskLaunch launch = launchOf(task);
        containerizer.launch(launch, reports);
        return launch;
    }

    private StatusReport terminal(String taskId) {
        await().atMost(WAIT).until(() -> reports.of(taskId).stream().anyMatch(StatusReport::isTerminal));
        List<StatusReport> all = reports.of(taskId);
        return all.get(all.size() - 1);
    }

    private long session(TaskLaunch launch) {
        Path control = Checkpoint.controlDir(work, "agent-1", launch.containerId().getValue());
        await().atMost(WAIT).until(() -> Supervisor.taskPid(control).isPresent());
        long sid = Supervisor.taskPid(control).get();
        sessions.add(sid);
        return sid;
    }

    private List<ProcessInfo> members(long sid) {
        return procs.snapshot().stream().filter(p -> p.sid() == sid && !p.isZombie()).toList();
    }

    @Test
    void exitZeroFinishesAndStdoutLandsInTheSandbox() throws IOException {
        TaskLaunch launch = launch(containerizer(), task("ok", "echo hello from $MESOS_TASK_ID; exit 0", 64).build());

        StatusReport end = terminal("ok");

        assertEquals(TaskState.TASK_FINISHED, end.state());
        assertEquals(List.of(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED), reports.states("ok"));
        assertEquals("hello from ok\n", Files.readString(launch.sandbox().resolve("stdout")));
        assertFalse(Files.exists(Checkpoint.controlDir(work, "agent-1", launch.containerId().getValue())),
                "the control directory goes once the agent took the terminal state");
    }

    @Test
    void exitThreeFailsWithTheCode() {
        launch(containerizer(), task("three", "echo oops >&2; exit 3", 64).build());

        StatusReport end = terminal("three");

        assertEquals(TaskState.TASK_FAILED, end.state());
        assertEquals(Optional.of("Command exited with status 3"), end.message());
    }

    @Test
    void theEnvironmentIsMesosAndMarathons() throws IOException {
        TaskInfo task = task("env", "echo \"$HOST|$PORT0|$PORT1|$PORT|$PORTS|$PORT_HTTP|$MESOS_SANDBOX|$FOO\" > env.txt", 64)
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(31000).setEnd(31001))))
                .setDiscovery(org.apache.mesos.v1.Protos.DiscoveryInfo.newBuilder()
                        .setVisibility(org.apache.mesos.v1.Protos.DiscoveryInfo.Visibility.FRAMEWORK)
                        .setPorts(org.apache.mesos.v1.Protos.Ports.newBuilder().addPorts(
                                org.apache.mesos.v1.Protos.Port.newBuilder().setNumber(31000).setName("http"))))
                .setCommand(CommandInfo.newBuilder()
                        .setValue("echo \"$HOST|$PORT0|$PORT1|$PORT|$PORTS|$PORT_HTTP|$MESOS_SANDBOX|$FOO\" > env.txt")
                        .setEnvironment(org.apache.mesos.v1.Protos.Environment.newBuilder().addVariables(
                                org.apache.mesos.v1.Protos.Environment.Variable.newBuilder().setName("FOO").setValue("bar"))))
                .build();
        TaskLaunch launch = launch(containerizer(), task);

        assertEquals(TaskState.TASK_FINISHED, terminal("env").state());
        assertEquals("node-1.test|31000|31001|31000|31000,31001|31000|" + launch.sandbox() + "|bar\n",
                Files.readString(launch.sandbox().resolve("env.txt")));
    }

    @Test
    void aKillReachesTheWholeTreeEvenWhenItIgnoresSigterm() {
        ProcessContainerizer containerizer = containerizer();
        // a shell, a child and a grandchild, all ignoring SIGTERM
        TaskLaunch launch = launch(containerizer, task("stubborn",
                "trap '' TERM; sh -c \"trap '' TERM; sleep 1000 & sleep 1000\" & sleep 1000", 64).build());
        await().atMost(WAIT).until(() -> reports.states("stubborn").contains(TaskState.TASK_RUNNING));
        long sid = session(launch);
        await().atMost(WAIT).until(() -> members(sid).size() >= 4);

        long start = System.nanoTime();
        containerizer.kill(FRAMEWORK_ID, TaskID.newBuilder().setValue("stubborn").build(),
                Optional.of(KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder().setNanoseconds(1_000_000_000L)).build()));

        StatusReport end = terminal("stubborn");
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(TaskState.TASK_KILLED, end.state());
        assertTrue(reports.states("stubborn").contains(TaskState.TASK_KILLING));
        assertTrue(tookMillis >= 900, "SIGTERM was ignored, so only SIGKILL after the grace period ends it: " + tookMillis);
        assertEquals(List.of(), members(sid), "no process of the task survives");
    }

    @Test
    void aTaskOverItsMemoryDiesWithTheMemoryReason() {
        launch(containerizer(), task("hog", "x=$(head -c 200000000 /dev/zero | tr '\\0' a); sleep 100", 32).build());

        StatusReport end = terminal("hog");

        assertEquals(TaskState.TASK_FAILED, end.state());
        assertEquals(Optional.of(Reason.REASON_CONTAINER_LIMITATION_MEMORY), end.reason());
        assertTrue(end.message().orElse("").startsWith("Memory limit exceeded: Requested: 32MB"), end.message().toString());
    }

    @Test
    void usageIsMeasuredPerContainer() {
        ProcessContainerizer containerizer = containerizer();
        launch(containerizer, task("busy", "sleep 1000", 64).build());
        await().atMost(WAIT).until(() -> containerizer.usage(AGENT).stream().anyMatch(u -> u.memRssBytes() > 0));

        var usage = containerizer.usage(AGENT).get(0);
        assertEquals("busy", usage.executorId().getValue());
        assertEquals(64L * 1024 * 1024, usage.memLimitBytes());
        assertEquals(0.1, usage.cpusLimit(), 1e-9);
        assertTrue(usage.processes() >= 1);
    }

    @Test
    void anArchiveFetchedOverHttpIsExtractedIntoTheSandboxBeforeTheCommandRuns() throws IOException {
        byte[] archive = tgz("app/run.sh", "#!/bin/sh\necho fetched and ran > out.txt\n");
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/app.tgz", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive);
            exchange.close();
        });
        server.start();
        try {
            String uri = "http://127.0.0.1:" + server.getAddress().getPort() + "/app.tgz";
            TaskInfo task = task("fetched", "./app/run.sh", 64).setCommand(CommandInfo.newBuilder().setValue("./app/run.sh")
                    .addUris(CommandInfo.URI.newBuilder().setValue(uri).setExtract(true))).build();
            TaskLaunch launch = launch(containerizer(), task);

            assertEquals(TaskState.TASK_FINISHED, terminal("fetched").state(), reports.of("fetched").toString());
            assertEquals("fetched and ran\n", Files.readString(launch.sandbox().resolve("out.txt")));
            assertTrue(Files.exists(launch.sandbox().resolve("app.tgz")), "the archive stays, as with Mesos");
        } finally {
            server.stop(0);
        }
    }

    private static byte[] tgz(String name, String script) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] content = script.getBytes(StandardCharsets.UTF_8);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(content.length);
            entry.setMode(0100755);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }

    @Test
    void aFailedFetchFailsTheTask() {
        TaskInfo task = task("fetch", "true", 64).setCommand(CommandInfo.newBuilder().setValue("true")
                .addUris(CommandInfo.URI.newBuilder().setValue("file:///no/such/file.tgz"))).build();
        launch(containerizer(), task);

        StatusReport end = terminal("fetch");

        assertEquals(TaskState.TASK_FAILED, end.state());
        assertEquals(Optional.of(Reason.REASON_CONTAINER_LAUNCH_FAILED), end.reason());
        assertTrue(end.message().orElse("").contains("file:///no/such/file.tgz"), end.message().toString());
    }

    @Test
    void aRestartedContainerizerReadoptsRunningTasksAndReportsThoseThatEnded() {
        ProcessContainerizer first = containerizer();
        TaskLaunch sleeper = launch(first, task("sleeper", "sleep 1000", 64).build());
        TaskLaunch quitter = launch(first, task("quitter", "sleep 1000", 64).build());
        await().atMost(WAIT).until(() -> reports.states("sleeper").contains(TaskState.TASK_RUNNING)
                && reports.states("quitter").contains(TaskState.TASK_RUNNING));
        long sleeperSession = session(sleeper);
        first.close();

        // the quitter ends while nobody watches
        long quitterSession = session(quitter);
        members(quitterSession).forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy));
        await().atMost(WAIT).until(() -> members(quitterSession).isEmpty());

        Reports after = new Reports();
        ProcessContainerizer second = containerizer();
        List<TaskLaunch> recovered = second.recover(new Recovery(AGENT, work), after);

        assertEquals(2, recovered.size());
        await().atMost(WAIT).until(() -> after.of("quitter").stream().anyMatch(StatusReport::isTerminal));
        StatusReport quit = after.of("quitter").get(0);
        assertEquals(TaskState.TASK_FAILED, quit.state());
        assertEquals(Optional.of("Command terminated with signal SIGTERM (exit status 143)"), quit.message());
        assertEquals(List.of(), after.states("sleeper"), "a live task is re-adopted without a new report");
        assertFalse(members(sleeperSession).isEmpty(), "and without a restart");

        second.kill(FRAMEWORK_ID, TaskID.newBuilder().setValue("sleeper").build(), Optional.empty());
        await().atMost(WAIT).until(() -> after.states("sleeper").contains(TaskState.TASK_KILLED));
        await().atMost(WAIT).until(() -> members(sleeperSession).isEmpty());
    }

    @Test
    void aTaskRunsAsItsUserWhenTheAgentIsRoot() throws IOException {
        Assumptions.assumeTrue(isRoot(), "switching users needs root");
        TaskInfo task = task("nobody", "id -u > uid.txt", 64).setCommand(CommandInfo.newBuilder()
                .setValue("id -u > uid.txt").setUser("nobody")).build();
        TaskLaunch launch = launch(containerizer(true), task);

        assertEquals(TaskState.TASK_FINISHED, terminal("nobody").state(), reports.of("nobody").toString());
        assertEquals("65534\n", Files.readString(launch.sandbox().resolve("uid.txt")));
    }

    @Test
    void anUnknownUserFailsTheLaunch() {
        Assumptions.assumeTrue(isRoot(), "switching users needs root");
        TaskInfo task = task("ghost", "true", 64).setCommand(CommandInfo.newBuilder().setValue("true")
                .setUser("no-such-user-here")).build();
        launch(containerizer(true), task);

        StatusReport end = terminal("ghost");
        assertEquals(TaskState.TASK_FAILED, end.state());
        assertEquals(Optional.of("User 'no-such-user-here' does not exist on this agent"), end.message());
    }

    @Test
    void agentSideHealthChecksAreReported() {
        ProcessContainerizer containerizer = containerizer();
        TaskInfo task = task("healthy", "sleep 1000", 64).setHealthCheck(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder().setValue("test -d \"$MESOS_SANDBOX\""))
                .setDelaySeconds(0).setIntervalSeconds(0.2).setGracePeriodSeconds(0).setTimeoutSeconds(5)).build();
        launch(containerizer, task);

        await().atMost(WAIT).until(() -> reports.of("healthy").stream().anyMatch(r -> r.healthy().orElse(false)));
        containerizer.kill(FRAMEWORK_ID, TaskID.newBuilder().setValue("healthy").build(), Optional.empty());
        assertEquals(TaskState.TASK_KILLED, terminal("healthy").state());
    }

    @Test
    void aTaskFailingItsHealthChecksIsKilled() {
        TaskInfo task = task("sick", "sleep 1000", 64).setHealthCheck(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder().setValue("exit 1"))
                .setDelaySeconds(0).setIntervalSeconds(0.1).setGracePeriodSeconds(0).setTimeoutSeconds(5)
                .setConsecutiveFailures(2)).build();
        launch(containerizer(), task);

        StatusReport end = terminal("sick");
        assertEquals(TaskState.TASK_KILLED, end.state());
        assertEquals(Optional.of(false), end.healthy());
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** A sink that keeps every report, per task, in order. */
    private static final class Reports implements StatusSink {
        private final List<StatusReport> all = new CopyOnWriteArrayList<>();

        @Override
        public void update(FrameworkID frameworkId, StatusReport report) {
            all.add(report);
        }

        List<StatusReport> of(String taskId) {
            return all.stream().filter(r -> r.taskId().getValue().equals(taskId)).toList();
        }

        List<TaskState> states(String taskId) {
            return of(taskId).stream().map(StatusReport::state).toList();
        }
    }
}

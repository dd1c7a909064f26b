package io.plinth.itests.mesos;

import static io.plinth.itests.mesos.MesosClusterSupport.BOOT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.itests.cluster.PlinthCluster;
import io.plinth.itests.cluster.PlinthCluster.NodeSpec;
import io.plinth.itests.cluster.PlinthNode;
import io.plinth.itests.support.Await;
import io.plinth.itests.support.Http;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;

/**
 * The agent runtime end to end: a master node and a real agent node (separate JVMs), a framework on
 * the scheduler API launching real processes; exit codes, the {@code /files} API, then the agent's
 * JVM killed with {@code kill -9} while its tasks run, one task ending while it is down, the agent
 * restarted, and bundle restarts of the agent and its containerizer.
 */
public class AgentRuntimeIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static PlinthCluster cluster;
    private static PlinthNode master;
    private static PlinthNode agent;
    private static Path work;
    private static MesosHttpFramework framework;

    @Rule
    public final TestWatcher logs = MesosClusterSupport.logsOnFailure(() -> cluster);

    @BeforeClass
    public static void startCluster() throws Exception {
        work = MesosClusterSupport.workDirectory("agent-runtime-");
        cluster = PlinthCluster.create(MesosClusterSupport.distribution(), work,
                List.of(NodeSpec.member("zookeeper,master", Map.of("PLINTH_AGENT_REREGISTER_TIMEOUT_SECONDS", "300")),
                        NodeSpec.client("agent", Map.of("PLINTH_RESOURCES", "cpus:4;mem:2048;disk:1024;ports:[31000-31099]"))));
        master = cluster.nodes().get(0);
        agent = cluster.nodes().get(1);
        cluster.start();
        for (PlinthNode node : cluster.nodes()) {
            node.awaitReady(BOOT);
        }
    }

    @AfterClass
    public static void stopCluster() {
        if (framework != null) {
            framework.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        // re-adopted tasks are no longer the node's descendants: end every task session it recorded
        if (work != null) {
            taskPids().values().forEach(pid -> killSession(pid));
        }
    }

    @Test
    public void realTasksSurviveAnAgentCrashAndAreReadoptedWithTheirTrueExitStatus() throws Exception {
        URI leader = MesosClusterSupport.awaitLeader(cluster, List.of(master), null, BOOT);
        MesosClusterSupport.awaitActiveAgents(leader, 1, BOOT);
        framework = MesosHttpFramework.json("itest-agent-runtime", true, Duration.ofDays(7));
        framework.subscribe(leader, BOOT);
        SchedulerEvent.Offer offer = framework.nextOffer("the real agent's resources", WAIT);
        Path go = work.resolve("go");
        long launchedAt = System.nanoTime();
        framework.launch(offer, List.of(
                new SchedulerEvent.TaskSpec("live-a", "live-a", 0.1, 32, "echo started $MESOS_TASK_ID; exec sleep 1000"),
                new SchedulerEvent.TaskSpec("live-b", "live-b", 0.1, 32, "exec sleep 1000"),
                new SchedulerEvent.TaskSpec("exiter", "exiter", 0.1, 32,
                        "while [ ! -e " + go + " ]; do sleep 0.1; done; exit 7"),
                new SchedulerEvent.TaskSpec("zero", "zero", 0.1, 32, "exit 0"),
                new SchedulerEvent.TaskSpec("three", "three", 0.1, 32, "exit 3")), 3600);

        for (String task : List.of("live-a", "live-b", "exiter")) {
            framework.awaitUpdate(task + " RUNNING", WAIT, launchedAt, u -> u.taskId().equals(task) && u.state().equals("TASK_RUNNING"));
        }
        framework.awaitUpdate("zero FINISHED", WAIT, launchedAt, u -> u.taskId().equals("zero") && u.state().equals("TASK_FINISHED"));
        SchedulerEvent.Update three = framework.awaitUpdate("three FAILED", WAIT, launchedAt,
                u -> u.taskId().equals("three") && u.state().equals("TASK_FAILED"));
        assertEquals("Command exited with status 3", three.message());

        // /files: the task's stdout, and no way out of the sandboxes
        String sandbox = sandboxOf("live-a");
        Http http = agent.http();
        JsonNode read = JsonSchedulerCodec.MAPPER.readTree(Await.until("live-a's stdout", WAIT, () -> {
            Http.Response response = http.get("/files/read?path=" + encode(sandbox + "/stdout") + "&offset=0");
            return response.status() == 200 && response.body().contains("started live-a") ? response.body() : null;
        }));
        assertEquals("started live-a\n", read.path("data").asText());
        for (String escape : List.of(sandbox + "/../../../../../../../../../../etc/passwd", "/etc/passwd",
                work.toString(), sandbox + "/%2e%2e/%2e%2e")) {
            int status = http.get("/files/read?path=" + encode(escape) + "&offset=0").status();
            assertTrue(escape + " answered " + status, status >= 400 && status < 500);
        }

        // every update acknowledged and checkpointed as such before the crash
        awaitAllAcknowledged();
        Map<String, Long> pids = taskPids();
        assertEquals("live containers " + pids, 3, pids.size());
        int updatesBefore = framework.updates().size();

        agent.killJvm();
        pids.values().forEach(pid -> assertTrue("task " + pid + " outlives its agent", ProcessHandle.of(pid).isPresent()));
        Files.writeString(go, "go");
        Long exiter = pids.get(containerOf("exiter"));
        Await.until("the exiter to end while its agent is down", WAIT, () -> ProcessHandle.of(exiter).isEmpty() ? true : null);

        long restartedAt = System.nanoTime();
        agent.start();
        agent.awaitReady(BOOT);
        SchedulerEvent.Update exited = framework.awaitUpdate("exiter FAILED after the restart", WAIT, restartedAt,
                u -> u.taskId().equals("exiter") && u.state().equals("TASK_FAILED"));
        assertEquals("Command exited with status 7", exited.message());
        for (String task : List.of("live-a", "live-b")) {
            assertTrue(task + " re-adopted, not restarted", ProcessHandle.of(pids.get(containerOf(task))).isPresent());
        }
        awaitAllAcknowledged();
        assertSequences(Map.of("live-a", List.of("TASK_STARTING", "TASK_RUNNING"),
                "live-b", List.of("TASK_STARTING", "TASK_RUNNING"),
                "exiter", List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FAILED"),
                "zero", List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED"),
                "three", List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FAILED")));
        assertEquals("one new update: the exiter's end", updatesBefore + 1, framework.updates().size());

        // bundle restarts take the same path: no task is killed or reported anew
        for (String bundle : List.of("io.plinth.agent.process", "io.plinth.agent")) {
            String restarted = agent.shell("bundle:restart " + bundle);
            assertFalse(bundle + ": " + restarted, restarted.contains("Error"));
            Await.until("/slave(1)/state with its 2 tasks after restarting " + bundle, WAIT, () -> {
                Http.Response state = http.get("/slave(1)/state");
                return state.status() == 200 && state.body().contains("live-b") ? true : null;
            });
        }
        for (String task : List.of("live-a", "live-b")) {
            assertTrue(task + " survives bundle restarts", ProcessHandle.of(pids.get(containerOf(task))).isPresent());
        }
        assertEquals(updatesBefore + 1, framework.updates().size());

        long killedAt = System.nanoTime();
        framework.kill("live-a", offer.agentId());
        framework.awaitUpdate("live-a KILLED", WAIT, killedAt, u -> u.taskId().equals("live-a") && u.state().equals("TASK_KILLED"));
        Long liveA = pids.get(containerOf("live-a"));
        Await.until("live-a's process gone", WAIT, () -> ProcessHandle.of(liveA).isEmpty() ? true : null);
    }

    private static void assertSequences(Map<String, List<String>> expected) {
        Map<String, List<String>> seen = new HashMap<>();
        Set<String> uuids = new HashSet<>();
        for (SchedulerEvent.Update update : framework.updates()) {
            seen.computeIfAbsent(update.taskId(), t -> new ArrayList<>()).add(update.state());
            assertTrue("update " + update + " seen twice", update.uuid() == null || uuids.add(update.uuid()));
        }
        expected.forEach((task, states) -> assertEquals(task + "'s updates", states, seen.get(task)));
    }

    /** The sandbox directory of a task, as {@code /slave(1)/state} names it. */
    private static String sandboxOf(String taskId) throws Exception {
        JsonNode state = JsonSchedulerCodec.MAPPER.readTree(agent.http().awaitOk("/slave(1)/state", WAIT).body());
        for (JsonNode framework : state.path("frameworks")) {
            for (JsonNode executor : framework.path("executors")) {
                if (executor.path("id").asText().equals(taskId)) {
                    return executor.path("directory").asText();
                }
            }
        }
        throw new AssertionError("no executor " + taskId + " in " + state);
    }

    /** The container of a task: the last directory of its sandbox. */
    private static String containerOf(String taskId) throws Exception {
        return taskContainers().get(taskId);
    }

    private static Map<String, String> taskContainers() throws IOException {
        Map<String, String> containers = new HashMap<>();
        Path frameworks = agentWork().resolve("slaves");
        try (Stream<Path> runs = Files.find(frameworks, 8, (path, attributes) -> path.getParent() != null
                && path.getParent().getFileName().toString().equals("runs") && attributes.isDirectory())) {
            runs.forEach(run -> containers.put(run.getParent().getParent().getFileName().toString(),
                    run.getFileName().toString()));
        }
        return containers;
    }

    private static Path agentWork() {
        return work.resolve(agent.name()).resolve("data/plinth");
    }

    /** Container id → the pid of its task (its session), for containers the agent still tracks. */
    private static Map<String, Long> taskPids() {
        Map<String, Long> pids = new HashMap<>();
        Path meta = agentWork().resolve("meta/slaves");
        if (!Files.isDirectory(meta)) {
            return pids;
        }
        try (Stream<Path> files = Files.find(meta, 4, (path, attributes) -> path.getFileName().toString().equals("task.pid"))) {
            for (Path file : files.collect(Collectors.toList())) {
                String text = Files.readString(file).trim();
                if (!text.isEmpty()) {
                    pids.put(file.getParent().getFileName().toString(), Long.parseLong(text));
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return pids;
    }

    /** Every task's journal ends with all its updates acknowledged. */
    private static void awaitAllAcknowledged() {
        Await.until("every status update acknowledged in the agent's checkpoints", WAIT, () -> {
            Path meta = agentWork().resolve("meta/slaves");
            try (Stream<Path> journals = Files.find(meta, 6, (path, attributes) -> path.getFileName().toString().equals("updates"))) {
                for (Path journal : journals.collect(Collectors.toList())) {
                    List<String> lines = Files.readAllLines(journal);
                    long updates = lines.stream().filter(line -> line.startsWith("{\"update\"")).count();
                    long acks = lines.stream().filter(line -> line.startsWith("{\"ack\"")).count();
                    if (updates != acks) {
                        return null;
                    }
                }
            }
            return true;
        });
    }

    private static void killSession(long sid) {
        ProcessHandle.allProcesses().filter(process -> sessionOf(process.pid()) == sid)
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static long sessionOf(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[3]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

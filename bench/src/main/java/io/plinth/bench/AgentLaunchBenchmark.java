package io.plinth.bench;

import io.plinth.agent.core.AgentCore;
import io.plinth.agent.core.AgentIdStore;
import io.plinth.agent.core.AgentSettings;
import io.plinth.agent.core.FileTaskStore;
import io.plinth.agent.process.container.ProcessContainerizer;
import io.plinth.agent.process.container.ProcessSettings;
import io.plinth.agent.process.fetch.Fetcher;
import io.plinth.agent.process.fetch.FetcherSettings;
import io.plinth.agent.process.launch.Supervisor;
import io.plinth.agent.process.proc.ProcTable;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;

/**
 * One agent launching N real {@code sleep} tasks: the agent's core (checkpointed status updates, one
 * launch per task as a master sends them) and the process containerizer (sandbox, checkpoint,
 * supervisor and task processes), with acknowledgements fed back as a framework would send them.
 * No master and no network: this measures the agent. Prints the time until every task was
 * reported RUNNING, the time to kill them all, and this JVM's resident memory, which is the agent's.
 * Not JMH: a launch is not repeatable in a loop, and one run of 1,000 processes is the figure asked for.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.plinth.bench.AgentLaunchBenchmark [tasks] [work-dir]}
 */
public final class AgentLaunchBenchmark {

    private AgentLaunchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("plinth-agent-bench");
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        ProcessContainerizer containerizer = new ProcessContainerizer(
                new ProcessSettings(Map.of("PATH", path), Duration.ofSeconds(3), Duration.ofMillis(500), true, false, 4),
                Supervisor.onPath(path), Supervisor.executable(path, "setpriv"), ProcTable.system(),
                new Fetcher(new FetcherSettings(Optional.empty(), 0, Duration.ofSeconds(10), Duration.ofSeconds(60)),
                        HttpClient.newHttpClient()), Optional.empty(), Clock.systemUTC(), Path.of("/etc/passwd"), false);
        Set<String> running = ConcurrentHashMap.newKeySet();
        Set<String> killed = ConcurrentHashMap.newKeySet();
        ExecutorService acks = Executors.newSingleThreadExecutor();
        AtomicReference<AgentCore> core = new AtomicReference<>();
        AgentSettings settings = new AgentSettings("bench", 5051, List.of(), List.of(), work, Duration.ofSeconds(10), "bench");
        AgentCore agent = new AgentCore(settings, containerizer, new Id(), new FileTaskStore(work), sandbox -> { },
                call -> {
                    if (call.type() != AgentCall.Type.UPDATE) {
                        return;
                    }
                    TaskStatus status = call.update().status();
                    String task = status.getTaskId().getValue();
                    if (status.getState() == TaskState.TASK_RUNNING) {
                        running.add(task);
                    } else if (status.getState() == TaskState.TASK_KILLED) {
                        killed.add(task);
                    }
                    // the framework's acknowledgement, on another thread as it would come from the network
                    acks.execute(() -> core.get().onEvent(AgentEvent.acknowledge(call.update().frameworkId(),
                            status.getTaskId(), AgentLink.uuidText(status.getUuid()))));
                }, Clock.systemUTC());
        core.set(agent);
        agent.recover();
        agent.onEvent(AgentEvent.subscribed(AgentID.newBuilder().setValue("bench-agent").build(), 15));
        FrameworkInfo framework = FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue("bench-framework"))
                .setName("bench").setUser("").build();

        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            agent.onEvent(AgentEvent.launch(framework, null, List.of(task("sleep-" + i))));
        }
        long launched = System.nanoTime();
        boolean allRunning = await(() -> running.size() == count, Duration.ofMinutes(5));
        long runningAt = System.nanoTime();
        Thread.sleep(1500); // let one monitor pass measure the tasks, so memory includes it
        long rss = rssKb();
        long processes = ProcessHandle.current().children().count();

        long killStart = System.nanoTime();
        for (int i = 0; i < count; i++) {
            agent.onEvent(AgentEvent.kill(framework.getId(), TaskID.newBuilder().setValue("sleep-" + i).build(), null));
        }
        boolean allKilled = await(() -> killed.size() == count, Duration.ofMinutes(5));
        long killedAt = System.nanoTime();

        System.out.printf("tasks=%d%n", count);
        System.out.printf("launch_calls_ms=%d%n", (launched - start) / 1_000_000);
        System.out.printf("all_running_ms=%d%s%n", (runningAt - start) / 1_000_000, allRunning ? "" : " (TIMED OUT: " + running.size() + " running)");
        System.out.printf("agent_rss_mb=%.1f%n", rss / 1024.0);
        System.out.printf("supervisor_children=%d%n", processes);
        System.out.printf("all_killed_ms=%d%s%n", (killedAt - killStart) / 1_000_000, allKilled ? "" : " (TIMED OUT: " + killed.size() + " killed)");

        containerizer.close();
        acks.shutdownNow();
        if (args.length < 2) {
            try (Stream<Path> paths = Files.walk(work)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(allRunning && allKilled ? 0 : 1);
    }

    private static TaskInfo task(String id) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue("bench-agent"))
                .addResources(scalar("cpus", 0.001)).addResources(scalar("mem", 16))
                .setCommand(CommandInfo.newBuilder().setValue("exec sleep 3600")).build();
    }

    private static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    private static boolean await(java.util.function.BooleanSupplier done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        return true;
    }

    private static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** The agent's id, already given by a master. */
    private static final class Id implements AgentIdStore {
        @Override
        public Optional<String> load() {
            return Optional.of("bench-agent");
        }

        @Override
        public void save(String agentId) {
        }
    }
}

package io.plinth.agent.process;

import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.api.Containerizer;
import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.agent.process.cgroups.CgroupsV2;
import io.plinth.agent.process.container.ProcessContainerizer;
import io.plinth.agent.process.container.ProcessSettings;
import io.plinth.agent.process.fetch.Fetcher;
import io.plinth.agent.process.fetch.FetcherSettings;
import io.plinth.agent.process.launch.Supervisor;
import io.plinth.agent.process.proc.ProcTable;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default containerizer, {@code plinth.containerizer=mesos}: tasks as processes in sandboxes.
 * Deactivating it (bundle update or restart) stops the watching, never the tasks; the next instance
 * re-adopts them when the agent recovers.
 */
// immediate: it keeps watching the tasks (ends, memory) also while no agent uses it, during the agent's restart
@Component(service = Containerizer.class, property = Containerizer.TYPE_PROPERTY + "=mesos",
        configurationPid = ProcessConfig.PID, immediate = true)
@Designate(ocd = ProcessConfig.class)
public final class ProcessContainerizerComponent implements Containerizer {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessContainerizerComponent.class);
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final ProcessContainerizer containerizer;

    @Activate
    public ProcessContainerizerComponent(BundleContext context, ProcessConfig config) throws IOException {
        Map<String, String> base = new LinkedHashMap<>();
        base.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse(DEFAULT_PATH));
        for (String name : List.of("LANG", "LC_ALL", "TZ", "HOME")) {
            Optional.ofNullable(System.getenv(name)).ifPresent(value -> base.put(name, value));
        }
        ProcessSettings settings = new ProcessSettings(base, Duration.ofSeconds(config.defaultGraceSeconds()),
                Duration.ofMillis(config.monitorIntervalMillis()), config.enforceMemory(), config.switchUser(),
                config.launchThreads());
        Path cacheDir = config.fetcherCacheDir().isBlank()
                ? Path.of(Optional.ofNullable(context.getProperty("karaf.data")).orElse("data"), "plinth", "fetcher-cache")
                : Path.of(config.fetcherCacheDir());
        Files.createDirectories(cacheDir);
        Fetcher fetcher = new Fetcher(new FetcherSettings(Optional.of(cacheDir), config.fetcherCacheMaxMb() * 1024 * 1024,
                Duration.ofSeconds(10), Duration.ofMinutes(5)),
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(10)).build());
        boolean root = isRoot();
        Optional<CgroupsV2> cgroups = config.cgroups().equals("off") || !root
                ? Optional.empty() : CgroupsV2.open(Path.of("/sys/fs/cgroup"), "plinth");
        String path = base.get("PATH");
        containerizer = new ProcessContainerizer(settings, Supervisor.onPath(path), Supervisor.executable(path, "setpriv"),
                ProcTable.system(), fetcher, cgroups, Clock.systemUTC(), Path.of("/etc/passwd"), root);
        LOG.info("Process containerizer: limits {}, {} switch users", cgroups.map(c -> "by cgroups v2 " + c)
                .orElse("measured from the process table"), root && config.switchUser() ? "will" : "will not");
    }

    private static boolean isRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Override
    public void launch(TaskLaunch launch, StatusSink sink) {
        containerizer.launch(launch, sink);
    }

    @Override
    public void kill(FrameworkID frameworkId, TaskID taskId, Optional<KillPolicy> killPolicy) {
        containerizer.kill(frameworkId, taskId, killPolicy);
    }

    @Override
    public List<TaskLaunch> recover(Recovery recovery, StatusSink sink) {
        return containerizer.recover(recovery, sink);
    }

    @Override
    public List<ContainerUsage> usage(AgentID agentId) {
        return containerizer.usage(agentId);
    }

    /** Stops watching; the tasks go on. Safe to call twice. */
    @Deactivate
    public void close() {
        containerizer.close();
    }
}

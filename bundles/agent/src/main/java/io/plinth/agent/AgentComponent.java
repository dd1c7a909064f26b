package io.plinth.agent;

import io.plinth.agent.api.AgentRuntime;
import io.plinth.agent.api.AgentView;
import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.api.Containerizer;
import io.plinth.agent.core.AgentResources;
import io.plinth.agent.core.AgentSettings;
import io.plinth.agent.core.FileTaskStore;
import io.plinth.agent.gc.DiskUsage;
import io.plinth.agent.gc.GcDriver;
import io.plinth.agent.gc.GcSettings;
import io.plinth.agent.gc.SandboxGc;
import io.plinth.agent.link.MasterLink;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.mesos.api.resources.ResourceDetector;
import io.plinth.mesos.api.resources.Resources;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.v1.Protos.AgentID;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's agent: registers this machine's resources with the leading master and runs tasks
 * through a {@link Containerizer}, keeping its tasks and their status updates in its work directory.
 * Stays unsatisfied until a containerizer matching {@code containerizer.target} (default
 * {@value #DEFAULT_CONTAINERIZER}) is deployed. Published as the node's {@link AgentRuntime}.
 */
@Component(immediate = true, service = AgentRuntime.class, configurationPid = AgentConfig.PID)
@Designate(ocd = AgentConfig.class)
public final class AgentComponent implements AgentRuntime {

    static final String DEFAULT_CONTAINERIZER = "(" + Containerizer.TYPE_PROPERTY + "=mesos)";

    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    private final ScheduledExecutorService scheduler;
    private final Containerizer containerizer;
    private final Path workDir;
    private final MasterLink link;
    private final GcDriver gcDriver;

    @Activate
    public AgentComponent(BundleContext context, @Reference(name = "leaderDetector") LeaderDetector detector,
                          @Reference(name = "containerizer", target = DEFAULT_CONTAINERIZER) Containerizer containerizer,
                          AgentConfig config) {
        AgentSettings settings = settings(config, new NodeDefaults(context::getProperty),
                context.getBundle().getVersion().toString(), new ResourceDetector());
        LOG.info("Agent {}:{} with work directory {} offers {}", settings.hostname(), settings.port(), settings.workDir(),
                Resources.fromProto(settings.resources()));
        this.containerizer = containerizer;
        this.workDir = settings.workDir();
        scheduler = Agents.scheduler("plinth-agent-ticks");
        SandboxGc gc = new SandboxGc(new GcSettings(Duration.ofMinutes(config.gcDelayMinutes()), config.gcDiskHeadroom(),
                Duration.ofSeconds(60)), Clock.systemUTC(), DiskUsage.fileStore());
        try {
            link = Agents.start("agent", settings, containerizer, new FileTaskStore(settings.workDir()),
                    sandbox -> gc.schedule(sandbox, Instant.now()), detector, Agents.httpClient(), scheduler);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
        Set<Path> active = new HashSet<>();
        link.core().view().tasks().forEach(task -> active.add(task.sandbox()));
        try {
            LOG.info("{} finished sandboxes wait for garbage collection", gc.scanAfterRestart(settings.workDir(), active));
        } catch (IOException e) {
            LOG.warn("Cannot scan {} for finished sandboxes", settings.workDir(), e);
        }
        gcDriver = new GcDriver(gc, scheduler);
    }

    static AgentSettings settings(AgentConfig config, NodeDefaults node, String version, ResourceDetector detector) {
        Path workDir = node.workDir(config.workDir());
        String ip = node.advertiseIp(config.advertiseIp());
        return new AgentSettings(node.hostname(config.hostname(), ip), node.port(config.port()),
                AgentResources.detected(config.resources(), config.defaultRole(), workDir, detector),
                AgentResources.attributes(config.attributes()),
                workDir, Duration.ofSeconds(config.updateRetrySeconds()), version);
    }

    @Override
    public AgentView view() {
        return link.core().view();
    }

    @Override
    public Path workDir() {
        return workDir;
    }

    @Override
    public List<ContainerUsage> usage() {
        return link.core().agentId().map(id -> containerizer.usage(AgentID.newBuilder().setValue(id).build()))
                .orElse(List.of());
    }

    /** Closes the link; the containerizer keeps the tasks running for the next start. Safe to call twice. */
    @Deactivate
    public void close() {
        gcDriver.close();
        link.close();
        scheduler.shutdownNow();
    }
}

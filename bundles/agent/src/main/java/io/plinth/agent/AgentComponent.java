package io.plinth.agent;

import io.plinth.agent.api.Containerizer;
import io.plinth.agent.core.AgentResources;
import io.plinth.agent.core.AgentSettings;
import io.plinth.agent.link.MasterLink;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.mesos.api.resources.ResourceDetector;
import io.plinth.mesos.api.resources.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
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
 * through a {@link Containerizer}. Stays unsatisfied until a containerizer matching
 * {@code containerizer.target} (default {@value #DEFAULT_CONTAINERIZER}) is deployed.
 */
@Component(immediate = true, service = {}, configurationPid = AgentConfig.PID)
@Designate(ocd = AgentConfig.class)
public final class AgentComponent {

    static final String DEFAULT_CONTAINERIZER = "(" + Containerizer.TYPE_PROPERTY + "=mesos)";

    private static final Logger LOG = LoggerFactory.getLogger(AgentComponent.class);

    private final ScheduledExecutorService scheduler;
    private final MasterLink link;

    @Activate
    public AgentComponent(BundleContext context, @Reference(name = "leaderDetector") LeaderDetector detector,
                          @Reference(name = "containerizer", target = DEFAULT_CONTAINERIZER) Containerizer containerizer,
                          AgentConfig config) {
        AgentSettings settings = settings(config, new NodeDefaults(context::getProperty),
                context.getBundle().getVersion().toString(), new ResourceDetector());
        LOG.info("Agent {}:{} with work directory {} offers {}", settings.hostname(), settings.port(), settings.workDir(),
                Resources.fromProto(settings.resources()));
        scheduler = Agents.scheduler("plinth-agent-ticks");
        try {
            link = Agents.start("agent", settings, containerizer, detector, Agents.httpClient(), scheduler);
        } catch (RuntimeException e) {
            scheduler.shutdownNow();
            throw e;
        }
    }

    static AgentSettings settings(AgentConfig config, NodeDefaults node, String version, ResourceDetector detector) {
        Path workDir = node.workDir(config.workDir());
        String ip = node.advertiseIp(config.advertiseIp());
        return new AgentSettings(node.hostname(config.hostname(), ip), node.port(config.port()),
                AgentResources.detected(config.resources(), config.defaultRole(), workDir, detector),
                AgentResources.attributes(config.attributes()),
                workDir, Duration.ofSeconds(config.updateRetrySeconds()), version);
    }

    /** Closes the link; the containerizer keeps the tasks running for the next start. Safe to call twice. */
    @Deactivate
    public void close() {
        link.close();
        scheduler.shutdownNow();
    }
}

package io.plinth.agent;

import io.plinth.agent.core.AgentResources;
import io.plinth.agent.core.AgentSettings;
import io.plinth.agent.core.TaskStore;
import io.plinth.agent.link.MasterLink;
import io.plinth.agent.simulated.SimulatedContainerizer;
import io.plinth.coordination.api.LeaderDetector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Resource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test and benchmark tool: {@code count} agents in this JVM, each with its own core, link, work
 * directory ({@code <workDir>/simulated/<n>}, so its id survives restarts) and
 * {@link SimulatedContainerizer}, which runs no processes. They share the node's host name and one
 * HTTP client; agent {@code n} announces {@code port + n}.
 */
@Component(immediate = true, service = {}, configurationPid = SimulatedAgentsConfig.PID)
@Designate(ocd = SimulatedAgentsConfig.class)
public final class SimulatedAgents {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedAgents.class);

    private final ScheduledExecutorService scheduler;
    private final List<MasterLink> links;

    @Activate
    public SimulatedAgents(BundleContext context, @Reference(name = "leaderDetector") LeaderDetector detector,
                           SimulatedAgentsConfig config) {
        List<AgentSettings> agents = settings(config, new NodeDefaults(context::getProperty),
                context.getBundle().getVersion().toString());
        scheduler = Agents.scheduler("plinth-simulated-agent-ticks");
        HttpClient http = Agents.httpClient();
        List<MasterLink> started = new ArrayList<>(agents.size());
        try {
            for (int n = 0; n < agents.size(); n++) {
                started.add(Agents.start("simulated-" + n, agents.get(n), new SimulatedContainerizer(), TaskStore.NONE,
                        sandbox -> { }, detector, http, scheduler));
            }
        } catch (RuntimeException e) {
            started.forEach(MasterLink::close);
            scheduler.shutdownNow();
            throw e;
        }
        links = List.copyOf(started);
        if (!links.isEmpty()) {
            LOG.info("Started {} simulated agents", links.size());
        }
    }

    static List<AgentSettings> settings(SimulatedAgentsConfig config, NodeDefaults node, String version) {
        if (config.count() < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + config.count());
        }
        // parsed even for count 0, so that a bad value is reported when it is written
        List<Resource> resources = AgentResources.configured(config.resources(), config.defaultRole());
        List<Attribute> attributes = AgentResources.attributes(config.attributes());
        if (config.count() == 0) {
            return List.of();
        }
        Path base = node.workDir(config.workDir()).resolve("simulated");
        String ip = node.advertiseIp(config.advertiseIp());
        String hostname = node.hostname(config.hostname(), ip);
        int port = node.port(config.port());
        if (port + config.count() - 1 > 65535) {
            throw new IllegalArgumentException("port " + port + " + count " + config.count() + " exceeds 65535");
        }
        List<AgentSettings> out = new ArrayList<>(config.count());
        for (int n = 0; n < config.count(); n++) {
            out.add(new AgentSettings(hostname, port + n, resources, attributes, base.resolve(Integer.toString(n)),
                    Duration.ofSeconds(config.updateRetrySeconds()), version));
        }
        return out;
    }

    /** Closes every link. Safe to call twice. */
    @Deactivate
    public void close() {
        links.forEach(MasterLink::close);
        scheduler.shutdownNow();
    }
}

package io.plinth.coordination;

import java.time.Duration;
import java.util.Map;

import org.apache.curator.framework.CuratorFramework;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plinth.coordination.api.ClusterSingleton;
import io.plinth.coordination.election.LeadershipManager;
import io.plinth.coordination.election.NodeIdentity;
import io.plinth.coordination.zk.ZnodeLayout;

/**
 * Feeds every registered {@link ClusterSingleton} to a {@link LeadershipManager}, which enters this
 * node into the singleton's group election and starts the singleton while the node leads.
 */
@Component(immediate = true, service = {}, configurationPid = CoordinationConfig.PID)
public final class LeadershipComponent {

    /** A node whose singleton failed to start stands again after this long. */
    private static final Duration REJOIN_BACKOFF = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(LeadershipComponent.class);

    private final LeadershipManager manager;

    @Activate
    public LeadershipComponent(BundleContext context,
            @Reference(target = CuratorClientComponent.TARGET) CuratorFramework client,
            CoordinationConfig config) {
        NodeIdentity node = new NodeIdentity(config.hostname(), config.advertiseIp(), config.httpPort(),
                context.getBundle().getVersion().toString());
        manager = new LeadershipManager(client, new ZnodeLayout(config.basePath()), node, REJOIN_BACKOFF);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "removeSingleton", updated = "updateSingleton")
    void addSingleton(ClusterSingleton singleton, Map<String, Object> properties) {
        Object group = properties.get(ClusterSingleton.GROUP);
        if (!(group instanceof String name)) {
            LOG.error("Cluster singleton {} has no {} service property naming its group: it will never run",
                    singleton, ClusterSingleton.GROUP);
            manager.remove(singleton);
            return;
        }
        try {
            manager.add(singleton, name);
        } catch (IllegalArgumentException e) {
            LOG.error("Cluster singleton {} cannot run: {}", singleton, e.getMessage());
            manager.remove(singleton);
        }
    }

    void updateSingleton(ClusterSingleton singleton, Map<String, Object> properties) {
        addSingleton(singleton, properties); // moves it if its group changed
    }

    void removeSingleton(ClusterSingleton singleton) {
        manager.remove(singleton);
    }

    /** Stops every singleton this node runs and leaves all elections. Safe to call twice. */
    @Deactivate
    public void close() {
        manager.close();
    }
}

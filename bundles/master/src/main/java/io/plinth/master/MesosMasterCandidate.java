package io.plinth.master;

import io.plinth.coordination.api.ClusterSingleton;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enters this master into the {@code mesos} election, whose Mesos-compatible {@code json.info_}
 * nodes tell every node (and Mesos-aware tools) which master leads. The resource manager's
 * leader-only work will register in the same group; this candidate keeps a master standing for
 * election even while no other master component is installed.
 */
@Component(service = ClusterSingleton.class, property = ClusterSingleton.GROUP + "=mesos")
public class MesosMasterCandidate implements ClusterSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(MesosMasterCandidate.class);

    @Override
    public void start() {
        LOG.info("This node is now the leading master");
    }

    @Override
    public void stop() {
        LOG.info("This node is no longer the leading master");
    }
}

package io.plinth.coordination;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.apache.curator.framework.CuratorFramework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.coordination.election.MasterInfoCodec;
import io.plinth.coordination.election.ZkLeaderDetector;
import io.plinth.coordination.zk.ZnodeLayout;

/** The {@link LeaderDetector} service, backed by {@link ZkLeaderDetector}. */
@Component(service = LeaderDetector.class, configurationPid = CoordinationConfig.PID)
public final class LeaderDetectorComponent implements LeaderDetector {

    private final ZkLeaderDetector detector;

    @Activate
    public LeaderDetectorComponent(@Reference(target = CuratorClientComponent.TARGET) CuratorFramework client,
            CoordinationConfig config) {
        detector = new ZkLeaderDetector(client, new ZnodeLayout(config.basePath()), new MasterInfoCodec());
    }

    @Override
    public Optional<LeaderInfo> leader(String group) {
        return detector.leader(group);
    }

    @Override
    public Map<String, LeaderInfo> leaders() {
        return detector.leaders();
    }

    @Override
    public Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
        return detector.watch(group, listener);
    }

    /** Ends the watches users left open. Safe to call twice. */
    @Deactivate
    public void close() {
        detector.close();
    }
}

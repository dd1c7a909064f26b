package io.plinth.marathon.shell;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import io.plinth.marathon.api.Marathon;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Knows one leader of the init scheduler's group, or none, or fails as an unreachable ZooKeeper does. */
final class FakeLeaderDetector implements LeaderDetector {

    static final LeaderInfo OTHER_MASTER = new LeaderInfo(Marathon.GROUP, "master-2", "m2.example",
            "10.0.0.9", 8080, "0.1.0");

    private final LeaderInfo leader;
    private final boolean unreachable;

    private FakeLeaderDetector(LeaderInfo leader, boolean unreachable) {
        this.leader = leader;
        this.unreachable = unreachable;
    }

    static FakeLeaderDetector of(LeaderInfo leader) {
        return new FakeLeaderDetector(leader, false);
    }

    static FakeLeaderDetector none() {
        return new FakeLeaderDetector(null, false);
    }

    static FakeLeaderDetector unreachable() {
        return new FakeLeaderDetector(null, true);
    }

    @Override
    public Optional<LeaderInfo> leader(String group) {
        if (unreachable) {
            throw new IllegalStateException("ZooKeeper unreachable");
        }
        return leader != null && leader.group().equals(group) ? Optional.of(leader) : Optional.empty();
    }

    @Override
    public Map<String, LeaderInfo> leaders() {
        return leader == null ? Map.of() : Map.of(leader.group(), leader);
    }

    @Override
    public Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
        throw new UnsupportedOperationException("not needed by the commands");
    }
}

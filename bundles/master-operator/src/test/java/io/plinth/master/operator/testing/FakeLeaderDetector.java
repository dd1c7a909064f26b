package io.plinth.master.operator.testing;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Knows one leader of the mesos group, or none. */
public final class FakeLeaderDetector implements LeaderDetector {

    public static final LeaderInfo OTHER_MASTER = new LeaderInfo("mesos", "master-2", "m2.example", "10.0.0.9", 5050, "0.1.0");

    private volatile LeaderInfo leader;

    public FakeLeaderDetector(LeaderInfo leader) {
        this.leader = leader;
    }

    public static FakeLeaderDetector none() {
        return new FakeLeaderDetector(null);
    }

    public static FakeLeaderDetector of(LeaderInfo leader) {
        return new FakeLeaderDetector(leader);
    }

    @Override
    public Optional<LeaderInfo> leader(String group) {
        return group.equals("mesos") ? Optional.ofNullable(leader) : Optional.empty();
    }

    @Override
    public Map<String, LeaderInfo> leaders() {
        return leader == null ? Map.of() : Map.of("mesos", leader);
    }

    @Override
    public Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
        throw new UnsupportedOperationException();
    }
}

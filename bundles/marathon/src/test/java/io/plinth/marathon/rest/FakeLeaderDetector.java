package io.plinth.marathon.rest;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Knows one leader of the marathon group, or none; the test sets it. */
final class FakeLeaderDetector implements LeaderDetector {

    volatile LeaderInfo leader;

    FakeLeaderDetector(LeaderInfo leader) {
        this.leader = leader;
    }

    static LeaderInfo at(String ip, int port) {
        return new LeaderInfo("marathon", "master-" + port, "m.example", ip, port, "0.1.0");
    }

    @Override
    public Optional<LeaderInfo> leader(String group) {
        return group.equals("marathon") ? Optional.ofNullable(leader) : Optional.empty();
    }

    @Override
    public Map<String, LeaderInfo> leaders() {
        return leader == null ? Map.of() : Map.of("marathon", leader);
    }

    @Override
    public Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
        throw new UnsupportedOperationException();
    }
}

package io.plinth.agent.link;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A leader detector the test elects leaders with. */
final class FakeDetector implements LeaderDetector {

    private final List<Consumer<Optional<LeaderInfo>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Optional<LeaderInfo> leader;

    FakeDetector(Optional<LeaderInfo> leader) {
        this.leader = leader;
    }

    void elect(Optional<LeaderInfo> newLeader) {
        leader = newLeader;
        listeners.forEach(l -> l.accept(newLeader));
    }

    int watchers() {
        return listeners.size();
    }

    @Override
    public Optional<LeaderInfo> leader(String group) {
        return "mesos".equals(group) ? leader : Optional.empty();
    }

    @Override
    public Map<String, LeaderInfo> leaders() {
        return leader.map(l -> Map.of("mesos", l)).orElse(Map.of());
    }

    @Override
    public Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
        listeners.add(listener);
        listener.accept(leader(group));
        return () -> listeners.remove(listener);
    }
}

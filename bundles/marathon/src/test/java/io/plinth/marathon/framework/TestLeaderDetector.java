package io.plinth.marathon.framework;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.Registration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A detector whose leader the test sets; watchers hear it at once on the test's thread. */
final class TestLeaderDetector implements LeaderDetector {

    private final List<Consumer<Optional<LeaderInfo>>> watchers = new CopyOnWriteArrayList<>();
    private volatile Optional<LeaderInfo> leader = Optional.empty();

    synchronized void lead(Optional<LeaderInfo> newLeader) {
        leader = newLeader;
        watchers.forEach(watcher -> watcher.accept(newLeader));
    }

    int watchers() {
        return watchers.size();
    }

    @Override
    public Optional<LeaderInfo> leader(String group) {
        return "mesos".equals(group) ? leader : Optional.empty();
    }

    @Override
    public Map<String, LeaderInfo> leaders() {
        return leader.map(info -> Map.of("mesos", info)).orElse(Map.of());
    }

    @Override
    public synchronized Registration watch(String group, Consumer<Optional<LeaderInfo>> listener) {
        if (!"mesos".equals(group)) {
            throw new IllegalArgumentException("unexpected group " + group);
        }
        watchers.add(listener);
        listener.accept(leader);
        return () -> watchers.remove(listener);
    }
}

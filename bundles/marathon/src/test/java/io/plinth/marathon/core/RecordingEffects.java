package io.plinth.marathon.core;

import io.plinth.marathon.api.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Records what the core asks of the world, in order. */
final class RecordingEffects implements Effects {

    record Launched(String offerId, List<TaskInfo> tasks) {
    }

    record Declined(List<String> offerIds, double refuseSeconds) {
    }

    record Killed(String taskId, String agentId, Optional<Duration> gracePeriod) {
    }

    final List<Launched> launches = new ArrayList<>();
    final List<Declined> declines = new ArrayList<>();
    final List<Killed> kills = new ArrayList<>();
    final List<TaskStatus> acks = new ArrayList<>();
    final List<List<Call.Reconcile.Task>> reconciles = new ArrayList<>();
    final Map<String, List<HealthCheck>> watched = new LinkedHashMap<>();
    final List<String> unwatched = new ArrayList<>();
    int revives;
    int suppresses;

    @Override
    public void launch(String offerId, List<TaskInfo> tasks) {
        launches.add(new Launched(offerId, List.copyOf(tasks)));
    }

    @Override
    public void decline(List<String> offerIds, double refuseSeconds) {
        declines.add(new Declined(List.copyOf(offerIds), refuseSeconds));
    }

    @Override
    public void kill(String taskId, String agentId, Optional<Duration> gracePeriod) {
        kills.add(new Killed(taskId, agentId, gracePeriod));
    }

    @Override
    public void acknowledge(TaskStatus status) {
        acks.add(status);
    }

    @Override
    public void reconcile(List<Call.Reconcile.Task> tasks) {
        reconciles.add(List.copyOf(tasks));
    }

    @Override
    public void revive() {
        revives++;
    }

    @Override
    public void suppress() {
        suppresses++;
    }

    @Override
    public void watchHealth(String taskId, String host, List<Integer> hostPorts, List<HealthCheck> checks) {
        watched.put(taskId, List.copyOf(checks));
    }

    @Override
    public void unwatchHealth(String taskId) {
        unwatched.add(taskId);
    }

    /** Every task launched so far, in order. */
    List<TaskInfo> launchedTasks() {
        return launches.stream().flatMap(l -> l.tasks().stream()).toList();
    }

    List<String> killedTaskIds() {
        return kills.stream().map(Killed::taskId).toList();
    }
}

package io.plinth.agent.core;

import io.plinth.agent.api.Containerizer;
import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;

/** Remembers what the agent asked and lets the test report for the tasks. */
final class RecordingContainerizer implements Containerizer {

    record Kill(FrameworkID frameworkId, TaskID taskId, Optional<KillPolicy> killPolicy) {
    }

    final List<TaskLaunch> launches = new ArrayList<>();
    final List<Kill> kills = new ArrayList<>();
    final List<Recovery> recoveries = new ArrayList<>();
    List<TaskLaunch> toRecover = List.of();
    RuntimeException launchFailure;
    StatusSink sink;

    @Override
    public synchronized void launch(TaskLaunch launch, StatusSink sink) {
        this.sink = sink;
        if (launchFailure != null) {
            throw launchFailure;
        }
        launches.add(launch);
    }

    @Override
    public synchronized void kill(FrameworkID frameworkId, TaskID taskId, Optional<KillPolicy> killPolicy) {
        kills.add(new Kill(frameworkId, taskId, killPolicy));
    }

    @Override
    public synchronized List<TaskLaunch> recover(Recovery recovery, StatusSink sink) {
        this.sink = sink;
        recoveries.add(recovery);
        return toRecover;
    }
}

package io.plinth.agent.simulated;

import io.plinth.agent.api.Containerizer;
import io.plinth.agent.api.Recovery;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.agent.core.TaskKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * A containerizer for tests and benchmarks that runs nothing: a launched task is
 * {@code TASK_RUNNING} at once and stays so until killed, then it is {@code TASK_KILLED}. No
 * process, no sandbox directory, no health checks, nothing survives a restart. It lets the master,
 * the allocator and frameworks be exercised with many agents in one JVM. Not registered as a
 * service: only simulated agents use it, one instance each.
 */
public final class SimulatedContainerizer implements Containerizer {

    private final Map<TaskKey, StatusSink> running = new ConcurrentHashMap<>();

    @Override
    public void launch(TaskLaunch launch, StatusSink sink) {
        FrameworkID frameworkId = launch.framework().getId();
        for (TaskInfo task : launch.tasks()) {
            running.put(TaskKey.of(frameworkId, task.getTaskId()), sink);
            sink.update(frameworkId, StatusReport.of(task.getTaskId(), TaskState.TASK_RUNNING));
        }
    }

    @Override
    public void kill(FrameworkID frameworkId, TaskID taskId, Optional<KillPolicy> killPolicy) {
        StatusSink sink = running.remove(TaskKey.of(frameworkId, taskId));
        if (sink != null) {
            sink.update(frameworkId, StatusReport.of(taskId, TaskState.TASK_KILLED, null, "killed (simulated)"));
        }
    }

    /** Nothing survives: simulated tasks exist only in this object. */
    @Override
    public List<TaskLaunch> recover(Recovery recovery, StatusSink sink) {
        return List.of();
    }

    /** How many tasks run, for tests and benchmark reports. */
    public int runningTasks() {
        return running.size();
    }
}

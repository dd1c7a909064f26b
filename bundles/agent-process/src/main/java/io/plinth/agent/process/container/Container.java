package io.plinth.agent.process.container;

import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.api.StatusReport;
import io.plinth.agent.api.StatusSink;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.agent.process.container.Checkpoint.Cause;
import io.plinth.agent.process.health.HealthChecker;
import io.plinth.agent.process.launch.Supervisor;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * One launch's container and what the containerizer knows of it. Fields that change are guarded by
 * the container's monitor; the sink is swapped by a recovery and read by the reporter thread.
 */
final class Container {

    enum Phase {
        /** sandbox, fetch and spawn under way; no process yet */
        PREPARING,
        /** the supervisor runs (a child of this JVM, or adopted from an earlier run) */
        RUNNING,
        /** the supervisor is gone and the terminal state known */
        ENDED
    }

    final TaskLaunch launch;
    final TaskInfo task;
    final FrameworkID frameworkId;
    final String id;
    final Path control;
    final double cpus;
    final long memBytes;

    volatile StatusSink sink;

    // guarded by this
    Phase phase = Phase.PREPARING;
    Cause cause = Cause.NONE;
    long supervisorPid;
    long supervisorStart;
    /** present when this JVM started the supervisor and so is its parent */
    Process process;
    Long taskPid;
    ScheduledFuture<?> forceKill;
    HealthChecker health;
    long peakRssBytes;
    ContainerUsage usage;
    /** the terminal report, once known; kept until a sink took it */
    StatusReport terminal;

    Container(TaskLaunch launch, Path control, double cpus, long memBytes, StatusSink sink) {
        this.launch = launch;
        this.task = launch.tasks().get(0);
        this.frameworkId = launch.framework().getId();
        this.id = launch.containerId().getValue();
        this.control = control;
        this.cpus = cpus;
        this.memBytes = memBytes;
        this.sink = sink;
    }

    /** The task's pid (its session), once the supervisor's child wrote it. */
    synchronized Optional<Long> taskPid() {
        if (taskPid == null) {
            Supervisor.taskPid(control).ifPresent(pid -> taskPid = pid);
        }
        return Optional.ofNullable(taskPid);
    }

    String agentId() {
        return launch.agentId().getValue();
    }

    static String key(FrameworkID frameworkId, String taskId) {
        return frameworkId.getValue() + '\u0000' + taskId;
    }

    String key() {
        return key(frameworkId, task.getTaskId().getValue());
    }
}

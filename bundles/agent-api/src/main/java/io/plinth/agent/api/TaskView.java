package io.plinth.agent.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One task of an agent at one moment. Immutable.
 *
 * @param frameworkId    its framework
 * @param task           what the framework launched
 * @param executor       the executor of a task group; empty for a command task
 * @param executorId     the executor's id; a command task's is its task id, as with Mesos' command executor
 * @param containerId    the container the agent made for its launch
 * @param sandbox        its sandbox directory
 * @param statuses       its status updates so far, oldest first
 * @param unacknowledged how many of them the framework has not acknowledged yet
 */
public record TaskView(FrameworkID frameworkId, TaskInfo task, Optional<ExecutorInfo> executor, ExecutorID executorId,
                       ContainerID containerId, Path sandbox, List<TaskStatus> statuses, int unacknowledged) {

    public TaskView {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(sandbox, "sandbox");
        statuses = List.copyOf(statuses);
    }

    /** The latest state, {@code TASK_STAGING} before the containerizer reported any. */
    public TaskState state() {
        return statuses.isEmpty() ? TaskState.TASK_STAGING : statuses.get(statuses.size() - 1).getState();
    }
}

package io.plinth.agent.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * One launch on an agent: a single task, or the tasks of a group that start and share a sandbox
 * together. Immutable.
 *
 * @param agentId     the agent the tasks run on
 * @param hostname    the host name the agent announces; its tasks see it as {@code HOST}
 * @param framework   the tasks' framework (its id is set)
 * @param executor    the executor of a task group or of tasks with a custom executor; null for a
 *                    command task, which the containerizer runs directly
 * @param tasks       one task, or the tasks of a group, in the order the framework gave them
 * @param containerId unique id of the container the agent made for this launch
 * @param sandbox     the launch's sandbox directory ({@code MESOS_SANDBOX}), chosen by the agent
 *                    under its work directory; it may not exist yet, the containerizer creates it
 */
public record TaskLaunch(AgentID agentId, String hostname, FrameworkInfo framework, ExecutorInfo executor, List<TaskInfo> tasks,
                         ContainerID containerId, Path sandbox) {

    public TaskLaunch {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(framework, "framework");
        if (!framework.hasId()) {
            throw new IllegalArgumentException("framework has no id");
        }
        tasks = List.copyOf(tasks);
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("a launch has at least one task");
        }
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(sandbox, "sandbox");
    }

    /** True for a task group (or tasks with a custom executor), false for a single command task. */
    public boolean hasExecutor() {
        return executor != null;
    }
}

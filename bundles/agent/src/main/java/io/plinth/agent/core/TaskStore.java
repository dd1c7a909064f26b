package io.plinth.agent.core;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Where an agent keeps its tasks and their status update streams across restarts, Mesos' agent
 * checkpoints: each call returns once what it records is durable, so the agent calls it before it
 * acts (before the containerizer sees a launch, before an update is sent). Called with the agent's
 * lock held, from one thread at a time.
 */
public interface TaskStore {

    /** A task the agent is about to hand to its containerizer. */
    void launched(String agentId, FrameworkInfo framework, TaskInfo task, ExecutorInfo executor, String containerId,
                  Path sandbox);

    /** A status update of the task, before it is first sent. */
    void updated(String agentId, String frameworkId, TaskID taskId, TaskStatus status);

    /** The master acknowledged the update with this uuid. */
    void acknowledged(String agentId, String frameworkId, TaskID taskId, ByteString uuid);

    /** The task is terminal with every update acknowledged (or its framework is gone): drop it. */
    void forget(String agentId, String frameworkId, TaskID taskId);

    /** Every task recorded for the agent, with its statuses and which of them are unacknowledged. */
    List<StoredTask> load(String agentId);

    /**
     * A recorded task.
     *
     * @param executor null for a command task
     * @param statuses every update, oldest first
     * @param pending  the unacknowledged ones, oldest first
     */
    record StoredTask(FrameworkInfo framework, TaskInfo task, ExecutorInfo executor, String containerId, Path sandbox,
                      List<TaskStatus> statuses, List<TaskStatus> pending) {
    }

    /** Keeps nothing: simulated agents, whose tasks do not outlive the JVM. */
    TaskStore NONE = new TaskStore() {
        @Override
        public void launched(String agentId, FrameworkInfo framework, TaskInfo task, ExecutorInfo executor,
                             String containerId, Path sandbox) {
        }

        @Override
        public void updated(String agentId, String frameworkId, TaskID taskId, TaskStatus status) {
        }

        @Override
        public void acknowledged(String agentId, String frameworkId, TaskID taskId, ByteString uuid) {
        }

        @Override
        public void forget(String agentId, String frameworkId, TaskID taskId) {
        }

        @Override
        public List<StoredTask> load(String agentId) {
            return List.of();
        }
    };
}

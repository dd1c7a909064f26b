package io.plinth.agent.core;

import java.util.Objects;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;

/** Names a task on an agent: Mesos task ids are unique within their framework only. */
public record TaskKey(String frameworkId, String taskId) {

    public TaskKey {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(taskId, "taskId");
    }

    public static TaskKey of(FrameworkID frameworkId, TaskID taskId) {
        return new TaskKey(frameworkId.getValue(), taskId.getValue());
    }

    @Override
    public String toString() {
        return taskId + " of framework " + frameworkId;
    }
}

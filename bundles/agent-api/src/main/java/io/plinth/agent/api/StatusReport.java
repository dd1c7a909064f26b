package io.plinth.agent.api;

import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * What a containerizer observed about one task. The agent turns it into a Mesos {@code TaskStatus}
 * update, adding the uuid, agent id, source and timestamp. Immutable.
 *
 * @param taskId  the task
 * @param state   its new state
 * @param reason  why, for failures, kills and losses; empty otherwise
 * @param message human-readable detail, for example an exit status; empty if none
 * @param healthy the result of the task's health check, if it has one and it ran
 */
public record StatusReport(TaskID taskId, TaskState state, Optional<TaskStatus.Reason> reason,
                           Optional<String> message, Optional<Boolean> healthy) {

    public StatusReport {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(healthy, "healthy");
    }

    public static StatusReport of(TaskID taskId, TaskState state) {
        return new StatusReport(taskId, state, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static StatusReport of(TaskID taskId, TaskState state, TaskStatus.Reason reason, String message) {
        return new StatusReport(taskId, state, Optional.ofNullable(reason), Optional.ofNullable(message), Optional.empty());
    }

    public StatusReport withHealthy(boolean isHealthy) {
        return new StatusReport(taskId, state, reason, message, Optional.of(isHealthy));
    }

    /** True for states after which a task never changes again. */
    public boolean isTerminal() {
        return isTerminal(state);
    }

    /** Mesos' terminal task states. */
    public static boolean isTerminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}

package io.plinth.mesos.api.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * A message from the master to an agent, one RecordIO record of the SUBSCRIBE answer's stream.
 * Exactly the field named by {@code type} is set (none for {@code PING}).
 */
public record AgentEvent(
        @JsonProperty("type") Type type,
        @JsonProperty("subscribed") Subscribed subscribed,
        @JsonProperty("launch") Launch launch,
        @JsonProperty("kill") Kill kill,
        @JsonProperty("acknowledge") Acknowledge acknowledge,
        @JsonProperty("shutdown_framework") ShutdownFramework shutdownFramework,
        @JsonProperty("error") Error error) {

    public enum Type {
        /** First event of every stream: the agent's id, new or confirmed. */
        SUBSCRIBED,
        /** Run one task, or a task group. */
        LAUNCH,
        /** Kill one task. */
        KILL,
        /** The master (and the framework behind it) got a status update; stop retrying it. */
        ACKNOWLEDGE,
        /** Kill every task of a framework and forget the framework. */
        SHUTDOWN_FRAMEWORK,
        /** Liveness probe, sent every ping interval; the agent answers with a PONG call. */
        PING,
        /** The master ends the stream; the agent re-subscribes after a backoff. */
        ERROR
    }

    public AgentEvent {
        Objects.requireNonNull(type, "type");
    }

    /**
     * @param agentId             the agent's id, to be persisted and sent on every later call
     * @param pingIntervalSeconds how often the master sends PING; an agent that hears nothing for
     *                            several intervals may assume the stream is dead
     */
    public record Subscribed(
            @JsonProperty("agent_id") AgentID agentId,
            @JsonProperty("ping_interval_seconds") double pingIntervalSeconds) {

        public Subscribed {
            Objects.requireNonNull(agentId, "agent_id");
        }
    }

    /**
     * @param framework the framework the tasks belong to
     * @param executor  the executor of a task group or of tasks with a custom executor; null for
     *                  command tasks
     * @param tasks     one task, or the tasks of a group (Mesos' LAUNCH_GROUP), launched together
     */
    public record Launch(
            @JsonProperty("framework") FrameworkInfo framework,
            @JsonProperty("executor") ExecutorInfo executor,
            @JsonProperty("tasks") List<TaskInfo> tasks) {

        public Launch {
            Objects.requireNonNull(framework, "framework");
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
        }
    }

    /** @param killPolicy overrides the task's own kill policy; null to use the task's */
    public record Kill(
            @JsonProperty("framework_id") FrameworkID frameworkId,
            @JsonProperty("task_id") TaskID taskId,
            @JsonProperty("kill_policy") KillPolicy killPolicy) {

        public Kill {
            Objects.requireNonNull(frameworkId, "framework_id");
            Objects.requireNonNull(taskId, "task_id");
        }
    }

    /** @param uuid the acknowledged {@code TaskStatus.uuid}, base64 as Mesos' JSON prints bytes */
    public record Acknowledge(
            @JsonProperty("framework_id") FrameworkID frameworkId,
            @JsonProperty("task_id") TaskID taskId,
            @JsonProperty("uuid") String uuid) {

        public Acknowledge {
            Objects.requireNonNull(frameworkId, "framework_id");
            Objects.requireNonNull(taskId, "task_id");
            Objects.requireNonNull(uuid, "uuid");
        }
    }

    public record ShutdownFramework(@JsonProperty("framework_id") FrameworkID frameworkId) {

        public ShutdownFramework {
            Objects.requireNonNull(frameworkId, "framework_id");
        }
    }

    public record Error(@JsonProperty("message") String message) {
    }

    public static AgentEvent subscribed(AgentID agentId, double pingIntervalSeconds) {
        return new AgentEvent(Type.SUBSCRIBED, new Subscribed(agentId, pingIntervalSeconds), null, null, null, null, null);
    }

    public static AgentEvent launch(FrameworkInfo framework, ExecutorInfo executor, List<TaskInfo> tasks) {
        return new AgentEvent(Type.LAUNCH, null, new Launch(framework, executor, tasks), null, null, null, null);
    }

    public static AgentEvent kill(FrameworkID frameworkId, TaskID taskId, KillPolicy killPolicy) {
        return new AgentEvent(Type.KILL, null, null, new Kill(frameworkId, taskId, killPolicy), null, null, null);
    }

    public static AgentEvent acknowledge(FrameworkID frameworkId, TaskID taskId, String uuid) {
        return new AgentEvent(Type.ACKNOWLEDGE, null, null, null, new Acknowledge(frameworkId, taskId, uuid), null, null);
    }

    public static AgentEvent shutdownFramework(FrameworkID frameworkId) {
        return new AgentEvent(Type.SHUTDOWN_FRAMEWORK, null, null, null, null, new ShutdownFramework(frameworkId), null);
    }

    public static AgentEvent ping() {
        return new AgentEvent(Type.PING, null, null, null, null, null, null);
    }

    public static AgentEvent error(String message) {
        return new AgentEvent(Type.ERROR, null, null, null, null, null, new Error(message));
    }
}

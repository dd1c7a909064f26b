package io.plinth.mesos.api.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * A message from an agent to the master, POSTed as JSON to {@link AgentLink#PATH}. Exactly the
 * field named by {@code type} is set (none for {@code PONG}).
 *
 * @param type      what the call is
 * @param agentId   the agent's id; for SUBSCRIBE only when the agent already has one (re-registration)
 * @param subscribe set for {@link Type#SUBSCRIBE}
 * @param update    for {@link Type#UPDATE} of one status
 * @param updates   for {@link Type#UPDATE} of several statuses, handled in order (an agent sends what
 *                  waited while earlier calls were on the wire in one call); empty otherwise. A master
 *                  that predates the field ignores it, so masters must be updated before agents.
 */
public record AgentCall(
        @JsonProperty("type") Type type,
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("subscribe") Subscribe subscribe,
        @JsonProperty("update") Update update,
        @JsonProperty("updates") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Update> updates) {

    public enum Type {
        /** Open the event stream: register a new agent or re-register a known one. */
        SUBSCRIBE,
        /** A task status update, to be acknowledged by an ACKNOWLEDGE event. */
        UPDATE,
        /** The answer to a PING event. */
        PONG
    }

    public AgentCall {
        Objects.requireNonNull(type, "type");
        updates = updates == null ? List.of() : List.copyOf(updates);
    }

    /** Every status update this call carries, {@code update} first: none unless an UPDATE. */
    public List<Update> allUpdates() {
        if (update == null) {
            return updates;
        }
        if (updates.isEmpty()) {
            return List.of(update);
        }
        List<Update> all = new ArrayList<>(1 + updates.size());
        all.add(update);
        all.addAll(updates);
        return all;
    }

    /**
     * Registration or re-registration.
     *
     * @param agentInfo  hostname, port, resources, attributes, and id when the agent has one already
     * @param tasks      every task the agent knows of, running or terminal but not fully acknowledged
     * @param frameworks the frameworks of those tasks
     * @param version    the agent's Plinth version
     */
    public record Subscribe(
            @JsonProperty("agent_info") AgentInfo agentInfo,
            @JsonProperty("tasks") List<KnownTask> tasks,
            @JsonProperty("frameworks") List<FrameworkInfo> frameworks,
            @JsonProperty("version") String version) {

        public Subscribe {
            Objects.requireNonNull(agentInfo, "agent_info");
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
            frameworks = frameworks == null ? List.of() : List.copyOf(frameworks);
        }
    }

    /**
     * A task the agent runs or ran: what it was launched with, its latest status, and updates not
     * yet acknowledged (oldest first).
     *
     * @param frameworkId    the task's framework
     * @param task           the task as launched
     * @param latest         the latest known status; may be null if the agent has not produced one yet
     * @param unacknowledged status updates sent but not yet acknowledged, oldest first
     */
    public record KnownTask(
            @JsonProperty("framework_id") FrameworkID frameworkId,
            @JsonProperty("task") TaskInfo task,
            @JsonProperty("latest") TaskStatus latest,
            @JsonProperty("unacknowledged") List<TaskStatus> unacknowledged) {

        public KnownTask {
            Objects.requireNonNull(frameworkId, "framework_id");
            Objects.requireNonNull(task, "task");
            unacknowledged = unacknowledged == null ? List.of() : List.copyOf(unacknowledged);
        }
    }

    /**
     * A status update of one task.
     *
     * @param frameworkId the task's framework
     * @param status      carries uuid, agent_id, source SOURCE_EXECUTOR and timestamp
     */
    public record Update(
            @JsonProperty("framework_id") FrameworkID frameworkId,
            @JsonProperty("status") TaskStatus status) {

        public Update {
            Objects.requireNonNull(frameworkId, "framework_id");
            Objects.requireNonNull(status, "status");
        }
    }

    /** SUBSCRIBE; the call's agent id is the one in {@code agentInfo}, if any. */
    public static AgentCall subscribe(AgentInfo agentInfo, List<KnownTask> tasks, List<FrameworkInfo> frameworks,
                                      String version) {
        String agentId = agentInfo.hasId() ? agentInfo.getId().getValue() : null;
        return new AgentCall(Type.SUBSCRIBE, agentId, new Subscribe(agentInfo, tasks, frameworks, version), null, null);
    }

    public static AgentCall update(String agentId, FrameworkID frameworkId, TaskStatus status) {
        return new AgentCall(Type.UPDATE, Objects.requireNonNull(agentId, "agent_id"), null,
                new Update(frameworkId, status), null);
    }

    /**
     * One UPDATE call carrying several updates of the same agent, in order; a single update is sent
     * in the {@code update} field, as an older master expects it.
     */
    public static AgentCall updates(String agentId, List<Update> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("no updates");
        }
        Objects.requireNonNull(agentId, "agent_id");
        return updates.size() == 1
                ? new AgentCall(Type.UPDATE, agentId, null, updates.get(0), null)
                : new AgentCall(Type.UPDATE, agentId, null, null, updates);
    }

    public static AgentCall pong(String agentId) {
        return new AgentCall(Type.PONG, Objects.requireNonNull(agentId, "agent_id"), null, null, null);
    }
}

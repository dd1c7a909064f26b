package io.plinth.agent.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * One agent's state at one moment, for tests, shell commands and REST. Immutable.
 *
 * @param agentId    the agent's id, once it has one
 * @param subscribed whether a master has confirmed the current stream
 * @param tasks      the tasks the agent knows, in launch order
 */
public record AgentSnapshot(Optional<String> agentId, boolean subscribed, List<TaskSnapshot> tasks) {

    public AgentSnapshot {
        Objects.requireNonNull(agentId, "agentId");
        tasks = List.copyOf(tasks);
    }

    /**
     * @param key            the task
     * @param state          its latest state; empty until the containerizer reported one
     * @param unacknowledged status updates not yet acknowledged
     */
    public record TaskSnapshot(TaskKey key, Optional<TaskState> state, int unacknowledged) {
    }

    public Optional<TaskSnapshot> task(TaskKey key) {
        return tasks.stream().filter(t -> t.key().equals(key)).findFirst();
    }
}

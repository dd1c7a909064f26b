package io.plinth.agent.api;

import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.TaskID;

/**
 * Runs an agent's tasks. Registered as an OSGi service with the property {@value #TYPE_PROPERTY}
 * naming its kind ({@code mesos} for processes in sandboxes, for example); an agent selects one by
 * a target filter on that property.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>The agent calls {@link #recover} once, before it registers with a master, then
 *       {@link #launch} and {@link #kill} in any order. It makes these calls one at a time, from
 *       its own thread; they must return promptly (start work, do not wait for it): a launch
 *       returns once the task is starting, a kill once the kill has begun.</li>
 *   <li>Everything that happens to a task is reported through the {@link StatusSink} given with
 *       its launch (or its recovery), from any thread, possibly before {@code launch} returns.
 *       Reports of one task arrive in the order they happened; the first terminal one ends the
 *       task and nothing is reported for it afterwards. The agent holds its own lock while it calls
 *       the containerizer and takes that lock in the sink, so never call the sink while holding a
 *       lock that {@code launch} or {@code kill} wait for.</li>
 *   <li>A launch that cannot even start reports {@code TASK_FAILED} with a reason (or throws,
 *       which the agent turns into {@code TASK_FAILED}, {@code REASON_CONTAINER_LAUNCH_FAILED}).</li>
 *   <li>Tasks are named by framework and task id, as in Mesos task ids are unique per framework
 *       only. One containerizer may serve several agents (simulated agents in one JVM); each
 *       launch carries its agent's id and sandbox.</li>
 *   <li>A containerizer keeps what it needs to re-adopt its tasks after an agent restart
 *       (checkpoints under the sandbox, for instance); the agent keeps the status update stream.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface Containerizer {

    /** Service property naming the kind of containerizer, the agent's target filter matches it. */
    String TYPE_PROPERTY = "plinth.containerizer";

    /**
     * Starts the tasks of one launch: a single task, or all tasks of a group together. Reports at
     * least {@code TASK_STARTING} or {@code TASK_RUNNING}, or a terminal state, for every task.
     *
     * @param launch what to run and where
     * @param sink   where this launch's reports go; keep it for the lifetime of the tasks
     */
    void launch(TaskLaunch launch, StatusSink sink);

    /**
     * Begins to kill a task: for processes, a graceful signal, then the grace period (from
     * {@code killPolicy}, else the task's own kill policy, else a default), then a forced kill of
     * everything the task started. Ends with a terminal report, normally {@code TASK_KILLED}.
     * Killing a task this containerizer does not run, or one already ended, does nothing.
     *
     * @param killPolicy overrides the task's kill policy for this kill
     */
    void kill(FrameworkID frameworkId, TaskID taskId, Optional<KillPolicy> killPolicy);

    /**
     * Re-adopts the tasks of one agent that ran before the agent (or this containerizer) restarted.
     * Tasks still running are watched again and report to {@code sink} from now on; tasks that
     * ended while nobody watched are reported with their terminal state, right after this
     * returns. When only the agent restarted and this containerizer still watches the tasks, they
     * switch to the new sink. A terminal report that a sink refused (see {@link StatusSink}) is given
     * again at the next recovery, so the agent, which ignores a second terminal report, never misses
     * one. A containerizer that keeps nothing across restarts returns an empty list.
     *
     * @return the launches re-adopted, whatever their state now
     */
    List<TaskLaunch> recover(Recovery recovery, StatusSink sink);

    /**
     * What the running containers of one agent use now. A containerizer that measures nothing
     * returns an empty list.
     */
    default List<ContainerUsage> usage(AgentID agentId) {
        return List.of();
    }
}

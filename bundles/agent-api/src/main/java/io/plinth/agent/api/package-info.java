/**
 * The agent's extension points. A {@link io.plinth.agent.api.Containerizer} runs the tasks an agent
 * is given ({@link io.plinth.agent.api.TaskLaunch}) and reports what happens to them
 * ({@link io.plinth.agent.api.StatusReport}) through a {@link io.plinth.agent.api.StatusSink}. The
 * agent owns the link to the master, the agent id, sandbox placement and the status update stream
 * (uuids, retries until acknowledged); the containerizer owns processes, isolation and whatever
 * it needs to re-adopt them after a restart.
 *
 * <pre>
 *  master --LAUNCH/KILL--&gt; agent --launch/kill--&gt; Containerizer
 *  master &lt;--UPDATE------ agent &lt;--update------- StatusSink
 * </pre>
 *
 * Containerizers are whiteboard services with the property {@code plinth.containerizer=<kind>}.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plinth.agent.api;

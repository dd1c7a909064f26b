package io.plinth.agent.api;

import java.nio.file.Path;
import java.util.List;

/**
 * The node's running agent, for readers: REST endpoints ({@code /slave(1)/state}, {@code /files},
 * {@code /monitor/statistics}), shell commands and the UI. Registered by the agent while it runs;
 * every method returns a fresh immutable value and may be called from any thread.
 */
public interface AgentRuntime {

    /** The agent and its tasks now. */
    AgentView view();

    /** The agent's work directory, as in {@link AgentView#workDir()}, without building a whole view. */
    Path workDir();

    /** What each running container of this agent uses now. */
    List<ContainerUsage> usage();
}

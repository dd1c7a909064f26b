package io.plinth.agent.api;

import java.util.List;

/**
 * The node's running agent, for readers: REST endpoints ({@code /slave(1)/state}, {@code /files},
 * {@code /monitor/statistics}), shell commands and the UI. Registered by the agent while it runs;
 * every method returns a fresh immutable value and may be called from any thread.
 */
public interface AgentRuntime {

    /** The agent and its tasks now. */
    AgentView view();

    /** What each running container of this agent uses now. */
    List<ContainerUsage> usage();
}

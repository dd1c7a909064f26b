package io.plinth.agent.core;

import java.util.Optional;

/** Where an agent keeps its id across restarts, so it re-registers as the same agent. */
public interface AgentIdStore {

    /** The id saved before, if any. */
    Optional<String> load();

    /**
     * Keeps {@code agentId} for the next start.
     *
     * @throws java.io.UncheckedIOException if it cannot be written
     */
    void save(String agentId);
}

package io.plinth.agent.api;

import org.apache.mesos.v1.Protos.FrameworkID;

/**
 * Where a containerizer reports what happens to the tasks of one launch (or one recovery). Given by
 * the agent; thread-safe, never blocks for long, may be called from any thread, also from inside
 * {@link Containerizer#launch}. The agent takes over from here: it turns reports into status
 * updates and retries them until the framework acknowledges.
 */
@FunctionalInterface
public interface StatusSink {

    /**
     * Reports a change of one task of {@code frameworkId}. Reports of one task must come in the order
     * they happened; those after its first terminal report are ignored.
     *
     * @throws IllegalStateException when the agent behind this sink has stopped: the report was not
     *                               taken, a terminal one must be given again at the next recovery
     */
    void update(FrameworkID frameworkId, StatusReport report);
}

package io.plinth.marathon.api;

import java.util.function.Consumer;

/**
 * Follows the init scheduler's events on this node (the leader's; a non-leading master's stream is
 * silent until it leads). Registered on every master.
 */
public interface EventStream {

    /**
     * Delivers every event from now on, in order, on a thread of the stream's own; the listener must
     * not block for long. Close the handle to stop; closing twice is harmless.
     */
    AutoCloseable subscribe(Consumer<MarathonEvent> listener);

    /** Whether anyone follows the stream now: the scheduler builds no event nobody would read. */
    boolean hasSubscribers();

    /** Hands an event to every subscriber; never blocks. The scheduler and the event endpoint publish. */
    void publish(MarathonEvent event);
}

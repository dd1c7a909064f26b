package io.plinth.coordination.election;

/** Told when an {@link Election} makes this participant leader or takes it away. */
@FunctionalInterface
public interface ElectionListener {

    /**
     * Called on the election's thread, alternating {@code true} and {@code false} (starting with
     * {@code true}), never after {@link Election#close()} has returned. Must not block: hand work to
     * another thread.
     */
    void leadershipChanged(boolean leading);
}

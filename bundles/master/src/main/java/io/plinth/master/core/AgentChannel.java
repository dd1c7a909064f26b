package io.plinth.master.core;

import io.plinth.mesos.api.agent.AgentEvent;

/**
 * The master's end of one agent's link stream. Implementations queue; they never block the master
 * thread. A channel whose connection is gone simply drops events: the agent then misses pings and
 * re-subscribes, or is marked unreachable.
 */
public interface AgentChannel {

    String streamId();

    void send(AgentEvent event);

    /** Ends the stream; safe to call twice. */
    void close();
}

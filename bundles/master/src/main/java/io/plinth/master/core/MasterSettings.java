package io.plinth.master.core;

import java.time.Duration;

/**
 * The master's timing knobs, named after the Mesos master flags they mirror.
 *
 * @param agentPingTimeout          {@code --agent_ping_timeout}: how long an agent has to answer a ping
 * @param maxAgentPingTimeouts      {@code --max_agent_ping_timeouts}: missed pings before it is unreachable
 * @param agentReregisterTimeout    {@code --agent_reregister_timeout}: how long a new leader waits for
 *                                  the agents of its registry to re-register
 * @param offerTimeout              {@code --offer_timeout}: offers older than this are rescinded; zero: never
 * @param frameworkHeartbeat        interval of HEARTBEAT events on scheduler streams (Mesos: 15 s)
 * @param defaultRefuse             filter installed for the unused part of an accepted offer when the
 *                                  call gives none (Mesos: 5 s)
 * @param completedTasksPerFramework completed tasks kept for the state endpoints
 */
public record MasterSettings(Duration agentPingTimeout, int maxAgentPingTimeouts, Duration agentReregisterTimeout,
                             Duration offerTimeout, Duration frameworkHeartbeat, Duration defaultRefuse,
                             int completedTasksPerFramework) {

    public static MasterSettings defaults() {
        return new MasterSettings(Duration.ofSeconds(15), 5, Duration.ofMinutes(10), Duration.ZERO,
                Duration.ofSeconds(15), Duration.ofSeconds(5), 1000);
    }
}

package io.plinth.master;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the resource manager (PID {@value #PID}); names follow the Mesos master flags. */
@ObjectClassDefinition(id = MasterConfig.PID, name = "Plinth resource manager",
        description = "Timeouts of the Mesos-compatible master, its address and allocation interval")
public @interface MasterConfig {

    String PID = "io.plinth.master";

    @AttributeDefinition(description = "IPv4 address agents and frameworks reach this master at")
    String advertiseIp() default "127.0.0.1";

    @AttributeDefinition(description = "Host name of this master; empty for the advertised address")
    String hostname() default "";

    @AttributeDefinition(description = "Port of this node's HTTP API")
    int httpPort() default 8080;

    @AttributeDefinition(description = "Mesos --agent_ping_timeout, seconds")
    int agentPingTimeoutSeconds() default 15;

    @AttributeDefinition(description = "Mesos --max_agent_ping_timeouts")
    int maxAgentPingTimeouts() default 5;

    @AttributeDefinition(description = "Mesos --agent_reregister_timeout, seconds: how long a new leader waits for "
            + "the agents of its registry before it marks them unreachable")
    int agentReregisterTimeoutSeconds() default 600;

    @AttributeDefinition(description = "Mesos --offer_timeout, seconds; 0 keeps offers until used or declined")
    int offerTimeoutSeconds() default 0;

    @AttributeDefinition(description = "Interval of HEARTBEAT events on scheduler streams, seconds")
    int frameworkHeartbeatSeconds() default 15;

    @AttributeDefinition(description = "Mesos --allocation_interval, milliseconds")
    int allocationIntervalMillis() default 1000;
}

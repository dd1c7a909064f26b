package io.plinth.agent;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the simulated agents (PID {@value #PID}), a test and benchmark tool. */
@ObjectClassDefinition(
        id = SimulatedAgentsConfig.PID,
        name = "Plinth simulated agents",
        description = "Agents in this JVM that run no processes: tasks are RUNNING at once and KILLED when killed")
public @interface SimulatedAgentsConfig {

    String PID = "io.plinth.agent.simulated";

    @AttributeDefinition(description = "How many simulated agents this node hosts")
    int count() default 0;

    @AttributeDefinition(description = "Resources of each simulated agent, in Mesos' syntax")
    String resources() default "cpus:4;mem:8192;disk:32768;ports:[31000-32000]";

    @AttributeDefinition(description = "Attributes of each simulated agent, e.g. rack:a;zone:west")
    String attributes() default "";

    @AttributeDefinition(description = "Role of resources given without one (Mesos' --default_role); * = unreserved")
    String defaultRole() default "*";

    @AttributeDefinition(description = "Host name the agents announce; empty for plinth.hostname, else the advertised IP")
    String hostname() default "";

    @AttributeDefinition(description = "IPv4 address of this node; empty for plinth.advertise.ip")
    String advertiseIp() default "";

    @AttributeDefinition(description = "Port announced by agent 0; agent n announces port + n. 0 for plinth.http.port")
    int port() default 0;

    @AttributeDefinition(description = "Base directory; agent n keeps its id in <workDir>/simulated/<n>. Empty for "
            + "plinth.work.dir")
    String workDir() default "";

    @AttributeDefinition(description = "Seconds before an unacknowledged status update is sent again")
    int updateRetrySeconds() default 10;
}

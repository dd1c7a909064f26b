package io.plinth.agent;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the node's agent (PID {@value #PID}). */
@ObjectClassDefinition(
        id = AgentConfig.PID,
        name = "Plinth agent",
        description = "The node's agent: what it offers and where it keeps its files")
public @interface AgentConfig {

    String PID = "io.plinth.agent";

    @AttributeDefinition(description = "Resources in Mesos' syntax, e.g. cpus:4;mem:8192;ports:[31000-32000]; cpus, mem, "
            + "disk and ports not named are detected. Empty: detect all")
    String resources() default "";

    @AttributeDefinition(description = "Attributes, e.g. rack:a;zone:west")
    String attributes() default "";

    @AttributeDefinition(description = "Role of resources given without one (Mesos' --default_role); * = unreserved")
    String defaultRole() default "*";

    @AttributeDefinition(description = "Host name announced to the master; empty for plinth.hostname, else the advertised IP")
    String hostname() default "";

    @AttributeDefinition(description = "IPv4 address of this node; empty for plinth.advertise.ip")
    String advertiseIp() default "";

    @AttributeDefinition(description = "Port announced in AgentInfo; 0 for plinth.http.port")
    int port() default 0;

    @AttributeDefinition(description = "The agent's work directory (meta/agent_id, slaves/... sandboxes); empty for "
            + "plinth.work.dir")
    String workDir() default "";

    @AttributeDefinition(description = "Seconds before an unacknowledged status update is first sent again; "
            + "each further retry waits twice as long, at most 10 minutes")
    int updateRetrySeconds() default 10;

    @AttributeDefinition(description = "Minutes a finished task's sandbox is kept (Mesos' gc_delay), less when the disk fills up")
    long gcDelayMinutes() default 1440;

    @AttributeDefinition(description = "Share of the disk kept free (Mesos' gc_disk_headroom): at this much free space, "
            + "finished sandboxes are removed at once")
    double gcDiskHeadroom() default 0.1;

    @AttributeDefinition(name = "Containerizer", description = "Filter selecting the containerizer service")
    String containerizer_target() default AgentComponent.DEFAULT_CONTAINERIZER;
}

package io.plinth.marathon;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the init scheduler (PID {@value #PID}); names follow Marathon's command-line flags. */
@ObjectClassDefinition(id = MarathonConfig.PID, name = "Plinth init scheduler",
        description = "The Marathon-compatible init scheduler: framework registration and defaults")
public @interface MarathonConfig {

    String PID = "io.plinth.marathon";

    @AttributeDefinition(description = "Marathon --framework_name")
    String frameworkName() default "marathon";

    @AttributeDefinition(description = "Marathon --mesos_role: the role the framework subscribes with; slave_public "
            + "(as in DC/OS) lets it use public agents' reserved resources as well as unreserved ones")
    String mesosRole() default "slave_public";

    @AttributeDefinition(description = "Marathon --default_accepted_resource_roles, comma-separated")
    String defaultAcceptedResourceRoles() default "*";

    @AttributeDefinition(description = "Marathon --mesos_user: user tasks run as when the app names none; empty = "
            + "the user running this node")
    String mesosUser() default "";

    @AttributeDefinition(description = "Marathon --failover_timeout, seconds: how long the resource manager keeps "
            + "the framework's tasks while no scheduler is subscribed")
    double failoverTimeoutSeconds() default 604800;

    @AttributeDefinition(description = "Marathon --max_versions: stored versions per app and of the root group")
    int maxVersions() default 50;

    @AttributeDefinition(description = "Marathon --local_port_min: first service port")
    int servicePortsFrom() default 10000;

    @AttributeDefinition(description = "Marathon --local_port_max: last service port")
    int servicePortsTo() default 20000;

    @AttributeDefinition(description = "Address of this node's HTTP API, for the framework's webui_url")
    String advertiseIp() default "127.0.0.1";

    @AttributeDefinition(description = "Port of this node's HTTP API")
    int httpPort() default 8080;
}

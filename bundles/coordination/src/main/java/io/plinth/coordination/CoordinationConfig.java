package io.plinth.coordination;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the coordination bundle (PID {@value #PID}), shared by all its components. */
@ObjectClassDefinition(
        id = CoordinationConfig.PID,
        name = "Plinth coordination",
        description = "ZooKeeper connection, election identity and state store limits")
public @interface CoordinationConfig {

    String PID = "io.plinth.coordination";

    @AttributeDefinition(description = "ZooKeeper servers, host:port[,host:port...]")
    String connectString() default "127.0.0.1:2181";

    @AttributeDefinition(description = "Requested ZooKeeper session timeout in ms; a node that loses ZooKeeper for "
            + "longer loses its elections")
    int sessionTimeoutMs() default 10000;

    @AttributeDefinition(description = "How long an operation waits for a ZooKeeper connection, in ms")
    int connectionTimeoutMs() default 5000;

    @AttributeDefinition(description = "Znode under which all of Plinth's znodes live")
    String basePath() default "/plinth";

    @AttributeDefinition(description = "IPv4 address other nodes reach this node at")
    String advertiseIp() default "127.0.0.1";

    @AttributeDefinition(description = "Host name other nodes reach this node at; empty for the advertised address")
    String hostname() default "";

    @AttributeDefinition(description = "Port of this node's HTTP API, announced with its elections")
    int httpPort() default 8080;

    @AttributeDefinition(description = "Largest entity the state store accepts, in bytes of JSON; ZooKeeper refuses "
            + "requests over about 1 MB")
    int maxEntityBytes() default 1000000;
}

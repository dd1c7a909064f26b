package io.plinth.node;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Plinth node", description = "Which roles this node plays")
@interface NodeConfig {

    @AttributeDefinition(description = "Comma-separated roles: all-in-one, master, agent, agent-public, zookeeper, none")
    String roles() default "all-in-one";
}

package io.plinth.zookeeper.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration {@value #PID}: this node's ZooKeeper server and the ensemble it belongs to. */
@ObjectClassDefinition(name = "Plinth ZooKeeper",
        description = "Embedded ZooKeeper server: standalone by default, an ensemble member when servers is set.")
public @interface ZooKeeperConfig {

    String PID = "io.plinth.zookeeper";

    @AttributeDefinition(description = "Port ZooKeeper clients connect to.")
    int clientPort() default 2181;

    @AttributeDefinition(description = "Address the client port binds to; 0.0.0.0 for all.")
    String clientAddress() default "0.0.0.0";

    @AttributeDefinition(description = "Empty for a standalone server. Otherwise the ensemble, in id order from 1: "
            + "comma-separated host:peerPort:electionPort[;clientPort]; the client port defaults to clientPort. "
            + "Every member lists the same servers.")
    String servers() default "";

    @AttributeDefinition(description = "This server's id: its position (from 1) in servers.")
    int serverId() default 1;

    @AttributeDefinition(description = "Directory of snapshots and transaction logs; empty for <karaf.data>/zookeeper.")
    String dataDir() default "";

    @AttributeDefinition(description = "ZooKeeper's time unit, milliseconds.")
    int tickTime() default 2000;

    @AttributeDefinition(description = "Ticks a follower may take to connect and sync to the leader.")
    int initLimit() default 10;

    @AttributeDefinition(description = "Ticks a follower may lag behind the leader.")
    int syncLimit() default 5;

    @AttributeDefinition(description = "Hours between purges of old snapshots and transaction logs (the newest "
            + "3 snapshots are kept); 0 never purges.")
    int purgeIntervalHours() default 24;

    @AttributeDefinition(description = "Name the ensemble status shows for a standalone server; empty for 127.0.0.1.")
    String hostname() default "";
}

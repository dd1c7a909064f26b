package io.plinth.master.operator.rest;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the master's operator surface (PID {@value #PID}); every one has a working default. */
@ObjectClassDefinition(name = "Plinth master operator API",
        description = "Mesos' /master/* endpoints, /metrics/snapshot and the v1 operator API")
public @interface OperatorConfig {

    String PID = "io.plinth.master.operator";

    @AttributeDefinition(description = "Name of the cluster, shown as 'cluster' in /master/state and "
            + "/master/state-summary (Mesos' --cluster flag); empty: not shown")
    String cluster() default "";

    @AttributeDefinition(description = "Seconds between HEARTBEAT events on operator API SUBSCRIBE streams "
            + "(Mesos: 15)")
    double heartbeatIntervalSeconds() default 15;

    @AttributeDefinition(description = "Most events that may wait for a slow SUBSCRIBE client; the stream is "
            + "ended beyond that")
    int maxQueuedEvents() default 10000;
}

package io.plinth.agent.process;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the process containerizer, PID {@value #PID} ({@code etc/io.plinth.agent.process.cfg}). */
@ObjectClassDefinition(name = "Plinth process containerizer", description = "Runs tasks as processes in sandboxes")
public @interface ProcessConfig {

    String PID = "io.plinth.agent.process";

    @AttributeDefinition(description = "Seconds between SIGTERM and SIGKILL when neither the kill nor the task names a grace period")
    long defaultGraceSeconds() default 3;

    @AttributeDefinition(description = "Milliseconds between two reads of the process table (usage, memory limits, ends of re-adopted tasks)")
    long monitorIntervalMillis() default 500;

    @AttributeDefinition(description = "Kill a task whose processes together use more memory than its mem resource (when no cgroup does it)")
    boolean enforceMemory() default true;

    @AttributeDefinition(description = "When the agent runs as root, run each task as its command's or framework's user")
    boolean switchUser() default true;

    @AttributeDefinition(description = "Launches prepared (sandbox, fetch, spawn) in parallel")
    int launchThreads() default 4;

    @AttributeDefinition(description = "Use cgroups v2 for limits and usage where /sys/fs/cgroup is a writable unified hierarchy: auto or off")
    String cgroups() default "auto";

    @AttributeDefinition(description = "Fetcher cache directory; empty: <karaf.data>/plinth/fetcher-cache")
    String fetcherCacheDir() default "";

    @AttributeDefinition(description = "Largest size of the fetcher cache, MiB")
    long fetcherCacheMaxMb() default 2048;
}

package io.plinth.agent.api;

import java.time.Instant;
import java.util.Objects;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;

/**
 * What one container uses and may use, as measured by its containerizer at {@code timestamp}: the
 * figures of Mesos' {@code ResourceStatistics} that {@code /monitor/statistics} shows. Immutable.
 *
 * @param frameworkId        the container's framework
 * @param executorId         its executor (a command task's executor id is its task id)
 * @param executorName       a readable name, for example the task's name
 * @param containerId        the container
 * @param timestamp          when the figures were taken
 * @param cpusLimit          cpus the container may use
 * @param memLimitBytes      memory the container may use
 * @param cpusUserTimeSecs   cpu time spent in user mode by all its processes so far
 * @param cpusSystemTimeSecs cpu time spent in the kernel by all its processes so far
 * @param memRssBytes        resident memory of all its processes
 * @param processes          its live processes
 * @param threads            their threads
 */
public record ContainerUsage(FrameworkID frameworkId, ExecutorID executorId, String executorName, ContainerID containerId,
                             Instant timestamp, double cpusLimit, long memLimitBytes, double cpusUserTimeSecs,
                             double cpusSystemTimeSecs, long memRssBytes, int processes, int threads) {

    public ContainerUsage {
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(executorName, "executorName");
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}

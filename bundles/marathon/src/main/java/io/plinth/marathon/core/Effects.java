package io.plinth.marathon.core;

import io.plinth.marathon.api.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * What the {@link SchedulerCore} asks of the world. Called on the core's thread; implementations hand
 * work off (HTTP calls are asynchronous) and never call back into the core synchronously.
 */
public interface Effects {

    /** Accepts one offer, launching these tasks on its agent. */
    void launch(String offerId, List<TaskInfo> tasks);

    /** Declines offers, refusing them for this long. */
    void decline(List<String> offerIds, double refuseSeconds);

    void kill(String taskId, String agentId, Optional<Duration> gracePeriod);

    void acknowledge(TaskStatus status);

    /** Explicit reconciliation of these tasks (empty list: implicit, all of the framework's tasks). */
    void reconcile(List<Call.Reconcile.Task> tasks);

    /** Asks for offers again, dropping earlier declines' filters. */
    void revive();

    /** No launches wait: stop sending offers until {@link #revive()}. */
    void suppress();

    /** Starts the scheduler-side health checks of a running task. */
    void watchHealth(String taskId, String host, List<Integer> hostPorts, List<HealthCheck> checks);

    void unwatchHealth(String taskId);
}

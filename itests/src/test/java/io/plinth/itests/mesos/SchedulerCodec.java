package io.plinth.itests.mesos;

import java.util.List;
import java.util.Map;

/**
 * Builds scheduler API calls and reads events in one encoding. A null {@code frameworkId} leaves
 * {@code framework_id} out of the call, which a master must reject.
 */
interface SchedulerCodec {

    /** The Content-Type and Accept value of this encoding. */
    String mediaType();

    /**
     * SUBSCRIBE; with a {@code frameworkId} it is a re-subscription, which sets the id both in the
     * call and in {@code framework_info}.
     */
    byte[] subscribe(String name, String user, String frameworkId, double failoverTimeoutSeconds, boolean partitionAware);

    /**
     * ACCEPT with one LAUNCH of {@code tasks} on {@code agentId}. The tasks' resources copy the
     * offered ones of {@code offerSource} (a decoded offer) or, when it is null, are plain
     * unreserved resources of role {@code *}.
     */
    byte[] accept(String frameworkId, List<String> offerIds, String agentId, Object offerSource, List<SchedulerEvent.TaskSpec> tasks,
                  double refuseSeconds);

    byte[] decline(String frameworkId, List<String> offerIds, double refuseSeconds);

    byte[] acknowledge(String frameworkId, String agentId, String taskId, String uuidBase64);

    byte[] kill(String frameworkId, String taskId, String agentId);

    /** RECONCILE of the given tasks (task id to agent id); an empty map asks for implicit reconciliation. */
    byte[] reconcile(String frameworkId, Map<String, String> tasks);

    byte[] revive(String frameworkId);

    SchedulerEvent decode(byte[] record, long receivedNanos);
}

package io.plinth.marathon.match;

import io.plinth.marathon.api.AppDefinition;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos;

/**
 * One task to launch out of one offer.
 *
 * @param offerId   the offer whose resources it uses
 * @param agentId   the offer's agent
 * @param hostname  the offer's hostname
 * @param app       the definition the task runs
 * @param taskId    the Mesos task id ({@code prod_web.<uuid>})
 * @param hostPorts one host port per port definition, in their order
 * @param task      the complete TaskInfo for the LAUNCH operation
 */
public record Launch(String offerId, String agentId, String hostname, AppDefinition app, String taskId,
                     List<Integer> hostPorts, Protos.TaskInfo task) {

    public Launch {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(task, "task");
        hostPorts = List.copyOf(hostPorts);
    }
}

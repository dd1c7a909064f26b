package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.rest.api.Rest;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Marathon's {@code /metrics} in Dropwizard's JSON shape, with gauges computed from the
 * {@link Marathon} service's snapshots. Like Marathon, each master answers for itself (no proxying):
 * a master that does not lead reports only {@code marathon.leadership.elected.gauge} (0).
 * Mesos' {@code /metrics/snapshot} is a different, longer path and is unaffected.
 */
@Component(service = Object.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/metrics")
public class MetricsResource {

    private final LeadingMarathon leading;
    private final MarathonJson json = new MarathonJson();

    @Activate
    public MetricsResource() {
        this(new LeadingMarathon());
    }

    MetricsResource(LeadingMarathon leading) {
        this.leading = leading;
    }

    // See MarathonV2Resource for why this reference is dynamic.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMarathon(Marathon marathon) {
        leading.bind(marathon);
    }

    void unbindMarathon(Marathon marathon) {
        leading.unbind(marathon);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode metrics() {
        ObjectNode metrics = json.mapper().createObjectNode().put("version", "4.0.0");
        ObjectNode gauges = metrics.putObject("gauges");
        metrics.putObject("counters");
        metrics.putObject("histograms");
        metrics.putObject("meters");
        metrics.putObject("timers");
        leading.get().ifPresentOrElse(marathon -> {
            gauge(gauges, "marathon.leadership.elected.gauge", 1);
            Group root = marathon.root();
            List<MarathonTask> tasks = marathon.tasks();
            gauge(gauges, "marathon.apps.active.gauge", AppsResource.allApps(root).size());
            gauge(gauges, "marathon.groups.active.gauge", groups(root));
            gauge(gauges, "marathon.deployments.active.gauge", marathon.deployments().size());
            gauge(gauges, "marathon.tasks.running.gauge", count(tasks, "TASK_RUNNING"));
            gauge(gauges, "marathon.tasks.staged.gauge", count(tasks, "TASK_STAGING"));
            gauge(gauges, "marathon.instances.running.gauge", count(tasks, "TASK_RUNNING"));
            gauge(gauges, "marathon.instances.staged.gauge", count(tasks, "TASK_STAGING"));
            gauge(gauges, "marathon.instances.launch-overdue.gauge",
                    marathon.queue().stream().filter(item -> item.delay() != null && item.delay().overdue()).count());
            gauge(gauges, "marathon.queue.size.gauge",
                    marathon.queue().stream().mapToLong(item -> item.count()).sum());
        }, () -> gauge(gauges, "marathon.leadership.elected.gauge", 0));
        return metrics;
    }

    private static void gauge(ObjectNode gauges, String name, long value) {
        gauges.putObject(name).put("value", value);
    }

    private static long count(List<MarathonTask> tasks, String state) {
        return tasks.stream().filter(task -> state.equals(task.state())).count();
    }

    /** Groups below the root, which Marathon does not count. */
    private static long groups(Group group) {
        return group.groups().stream().mapToLong(child -> 1 + groups(child)).sum();
    }
}

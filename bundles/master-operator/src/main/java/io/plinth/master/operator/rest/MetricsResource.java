package io.plinth.master.operator.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.master.operator.api.OperatorCalls;
import io.plinth.master.operator.state.Json;
import io.plinth.mesos.api.ResourceManager;
import io.plinth.rest.api.Rest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Mesos' {@code /metrics/snapshot}: the leading master's metrics with {@code master/elected} at 1;
 * on any other master only {@code master/elected} at 0 (metrics are per master, so this is not
 * redirected). Values are written as doubles, as Mesos writes them.
 */
@Component(service = Object.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/metrics/snapshot")
public class MetricsResource {

    private final Json json = new Json();
    private final AtomicReference<ResourceManager> manager = new AtomicReference<>();

    public MetricsResource() {
    }

    // Only the leading master has a resource manager (see MasterResource); nothing else is needed,
    // hence no LeadingMaster here.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindManager(ResourceManager manager) {
        this.manager.set(manager);
    }

    void unbindManager(ResourceManager manager) {
        this.manager.compareAndSet(manager, null);
    }

    @GET
    public Response snapshot() {
        ResourceManager current = manager.get();
        Map<String, Number> metrics = Map.of(OperatorCalls.ELECTED_METRIC, 0);
        if (current != null) {
            try {
                metrics = OperatorCalls.leaderMetrics(current);
            } catch (RuntimeException e) {
                // stopped leading while being asked: for this answer, not elected
                metrics = Map.of(OperatorCalls.ELECTED_METRIC, 0);
            }
        }
        ObjectNode body = json.object();
        metrics.forEach((name, value) -> body.put(name, value.doubleValue()));
        return Response.ok(json.bytes(body), MediaType.APPLICATION_JSON_TYPE).build();
    }
}

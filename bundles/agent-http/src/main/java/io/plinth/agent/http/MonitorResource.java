package io.plinth.agent.http;

import io.plinth.agent.api.AgentRuntime;
import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.http.core.AgentDocuments;
import io.plinth.agent.http.core.Json;
import io.plinth.rest.api.Rest;
import java.util.List;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Mesos' {@code /monitor/statistics} (and {@code .json}): what each running container uses. */
@Component(service = Object.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/monitor")
public class MonitorResource {

    private final AgentRuntime runtime;
    private final Json json = new Json();
    private final AgentDocuments documents = new AgentDocuments(json);

    @Activate
    public MonitorResource(@Reference AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Path("/statistics")
    public Response statistics() {
        List<ContainerUsage> usage;
        try {
            usage = runtime.usage();
        } catch (RuntimeException e) {
            return Agents.unavailable(e);
        }
        return Response.ok(json.bytes(documents.statistics(usage)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/statistics.json")
    public Response statisticsJson() {
        return statistics();
    }
}

package io.plinth.agent.http;

import io.plinth.agent.api.AgentRuntime;
import io.plinth.agent.api.AgentView;
import io.plinth.agent.http.core.AgentDocuments;
import io.plinth.agent.http.core.Json;
import io.plinth.rest.api.Rest;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Mesos' agent state, {@code /slave(1)/state} and its older name {@code /slave(1)/state.json}, which
 * the DC/OS UI and CLIs read to find a task's sandbox directory. Published only while the node runs
 * an agent.
 */
@Component(service = Object.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
// CXF matches the request path as sent; clients that percent-encode the parentheses (as some HTTP
// libraries do) send "slave%281%29", which must reach the same resource
@Path("/{agent: slave(\\(1\\)|%281%29)}")
public class AgentStateResource {

    private final AgentRuntime runtime;
    private final Json json = new Json();
    private final AgentDocuments documents = new AgentDocuments(json);

    @Activate
    public AgentStateResource(@Reference AgentRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Path("/state")
    public Response state() {
        AgentView view;
        try {
            view = runtime.view();
        } catch (RuntimeException e) {
            return Agents.unavailable(e);
        }
        return Response.ok(json.bytes(documents.state(view)), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("/state.json")
    public Response stateJson() {
        return state();
    }
}

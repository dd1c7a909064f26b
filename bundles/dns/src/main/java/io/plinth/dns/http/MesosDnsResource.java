package io.plinth.dns.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.dns.runtime.DnsRuntime;
import java.util.Optional;
import javax.ws.rs.Encoded;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Mesos-DNS' HTTP API on the node's HTTP (admin) port, under {@code /mesos_dns}, as DC/OS' admin router serves it. */
@Component(service = Object.class)
@JaxrsResource
@Path("/mesos_dns")
public class MesosDnsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DnsRuntime runtime;

    @Activate
    public MesosDnsResource(@Reference DnsRuntime runtime) {
        this.runtime = runtime;
    }

    @GET
    @Path("{path: .*}")
    public Response get(@Encoded @PathParam("path") String path) throws JsonProcessingException {
        Optional<JsonNode> body = runtime.routes().get(path);
        if (body.isEmpty()) {
            return Response.status(404).type(MediaType.TEXT_PLAIN).entity("No such path: /mesos_dns/" + path).build();
        }
        return Response.ok(JSON.writeValueAsBytes(body.get()), MediaType.APPLICATION_JSON).build();
    }
}

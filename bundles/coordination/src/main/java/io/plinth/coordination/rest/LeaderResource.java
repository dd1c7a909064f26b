package io.plinth.coordination.rest;

import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.Rest;

/** Who leads an election group, in the shape of Marathon's {@code /v2/leader} plus the participant's details. */
@Component(service = LeaderResource.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/system/v1/leader")
@Produces(MediaType.APPLICATION_JSON)
public class LeaderResource {

    private final LeaderDetector detector;

    @Activate
    public LeaderResource(@Reference LeaderDetector detector) {
        this.detector = detector;
    }

    /** The leader of {@code group}; 404 if nobody leads it or ZooKeeper cannot be reached. */
    @GET
    @Path("/{group}")
    public Leader leader(@PathParam("group") String group) {
        return detector.leader(group)
                .map(Leader::of)
                .orElseThrow(() -> ApiException.notFound("There is no leader for group '" + group + "'"));
    }

    /**
     * The answer of {@code GET /system/v1/leader/{group}}.
     *
     * @param leader {@code ip:port}, as Marathon answers
     */
    public record Leader(String leader, String id, String hostname, String ip, int port, String version) {

        static Leader of(LeaderInfo info) {
            return new Leader(info.address(), info.id(), info.hostname(), info.ip(), info.port(), info.version());
        }
    }
}

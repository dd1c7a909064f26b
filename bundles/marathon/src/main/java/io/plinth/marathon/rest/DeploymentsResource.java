package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.Marathon;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code /v2/deployments}: running deployments; deleting one rolls it back (a new deployment, 200)
 * or with {@code force=true} just stops it (202, no body). Per request.
 */
public final class DeploymentsResource {

    private final Marathon marathon;
    private final MarathonJson json;

    DeploymentsResource(Marathon marathon, MarathonJson json) {
        this.marathon = marathon;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode list() {
        return json.tree(marathon.deployments());
    }

    @DELETE
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("id") String id, @QueryParam("force") String force) {
        if (Params.bool("force", force, false)) {
            marathon.cancel(id);
            return Response.status(Response.Status.ACCEPTED).build();
        }
        return AppsResource.deployed(json, marathon.rollback(id));
    }
}

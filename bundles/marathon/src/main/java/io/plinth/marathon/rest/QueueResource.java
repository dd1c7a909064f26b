package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.Marathon;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** {@code /v2/queue}: apps waiting for offers, and resetting an app's launch backoff. Per request. */
public final class QueueResource {

    private final Marathon marathon;
    private final MarathonJson json;

    QueueResource(Marathon marathon, MarathonJson json) {
        this.marathon = marathon;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode list() {
        ObjectNode answer = json.mapper().createObjectNode();
        answer.set("queue", json.tree(marathon.queue()));
        return answer;
    }

    @DELETE
    @Path("{appId:.+}/delay")
    public Response resetDelay(@PathParam("appId") String appId) {
        marathon.resetDelay(Params.absoluteId(appId));
        return Response.noContent().build();
    }
}

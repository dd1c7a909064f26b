package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.marathon.api.Marathon;
import io.plinth.rest.api.ApiException;
import java.util.Optional;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * {@code /v2/leader}: who leads the {@value Marathon#GROUP} group (answered by every master), and
 * {@code DELETE} to make the leader step down (proxied to it). Per request.
 */
public final class LeaderResource {

    private final Optional<Marathon> marathon;
    private final Optional<LeaderInfo> leader;
    private final MarathonJson json;

    LeaderResource(Optional<Marathon> marathon, Optional<LeaderInfo> leader, MarathonJson json) {
        this.marathon = marathon;
        this.leader = leader;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode leader() {
        LeaderInfo info = leader.orElseThrow(() -> ApiException.notFound("There is no leader"));
        return json.mapper().createObjectNode().put("leader", info.address());
    }

    /** Marathon's own spelling, which clients compare against. */
    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode abdicate() {
        marathon.orElseThrow(() -> ApiException.notFound("There is no leader")).abdicate();
        return json.message("Leadership abdicted");
    }
}

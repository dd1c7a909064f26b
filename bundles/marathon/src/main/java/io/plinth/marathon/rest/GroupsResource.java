package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.Marathon;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import java.util.List;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code /v2/groups}: the group tree. Paths without an id address the root group {@code /}. Group
 * versions are answered as a bare JSON array, as Marathon does (unlike app versions). Per request.
 */
public final class GroupsResource {

    private final Marathon marathon;
    private final MarathonJson json;

    GroupsResource(Marathon marathon, MarathonJson json) {
        this.marathon = marathon;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode root(@QueryParam("embed") List<String> embed) {
        return show(Group.ROOT, embed);
    }

    @GET
    @Path("versions")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode rootVersions() {
        return versions(Group.ROOT);
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response createInRoot(@QueryParam("force") String force, JsonNode body) {
        return create(Group.ROOT, force, body);
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response updateRoot(@QueryParam("force") String force, JsonNode body) {
        return change(Group.ROOT, force, body);
    }

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response deleteRoot(@QueryParam("force") String force) {
        return AppsResource.deployed(json, marathon.deleteGroup(Group.ROOT, Params.bool("force", force, false)));
    }

    @GET
    @Path("{id:.+}/versions")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode groupVersions(@PathParam("id") String id) {
        return versions(Params.absoluteId(id));
    }

    @GET
    @Path("{id:.+}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode groupVersion(@PathParam("id") String id, @PathParam("version") String version,
                                   @QueryParam("embed") List<String> embed) {
        String groupId = Params.absoluteId(id);
        Group group = marathon.groupVersion(groupId, version).orElseThrow(() ->
                ApiException.notFound("Group '" + groupId + "' does not exist in version " + version));
        return json.group(group, MarathonJson.GroupEmbed.parse(Params.values(embed)), marathon, marathon.deployments());
    }

    @GET
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode group(@PathParam("id") String id, @QueryParam("embed") List<String> embed) {
        return show(Params.absoluteId(id), embed);
    }

    @POST
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response createIn(@PathParam("id") String id, @QueryParam("force") String force, JsonNode body) {
        return create(Params.absoluteId(id), force, body);
    }

    @PUT
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response update(@PathParam("id") String id, @QueryParam("force") String force, JsonNode body) {
        return change(Params.absoluteId(id), force, body);
    }

    @DELETE
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("id") String id, @QueryParam("force") String force) {
        return AppsResource.deployed(json, marathon.deleteGroup(Params.absoluteId(id), Params.bool("force", force, false)));
    }

    private ObjectNode show(String id, List<String> embed) {
        Group group = marathon.group(id).orElseThrow(() -> ApiException.notFound("Group '" + id + "' does not exist"));
        return json.group(group, MarathonJson.GroupEmbed.parse(Params.values(embed)), marathon, marathon.deployments());
    }

    private JsonNode versions(String id) {
        if (marathon.group(id).isEmpty() && marathon.groupVersions(id).isEmpty()) {
            throw ApiException.notFound("Group '" + id + "' does not exist");
        }
        return json.tree(marathon.groupVersions(id));
    }

    /** 201 with {@code Location}; the body's {@code id} is taken relative to {@code parent} unless absolute. */
    private Response create(String parent, String force, JsonNode body) {
        boolean forcing = Params.bool("force", force, false);
        String id = groupId(parent, AppsResource.requireBody(body));
        DeploymentResult result = marathon.putGroup(id, body, true, forcing);
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/groups" + id)
                .header(MarathonJson.DEPLOYMENT_HEADER, result.deploymentId())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json.deployment(result))
                .build();
    }

    private Response change(String id, String force, JsonNode body) {
        boolean forcing = Params.bool("force", force, false);
        AppsResource.requireBody(body);
        return AppsResource.deployed(json, marathon.putGroup(id, body, false, forcing));
    }

    private static String groupId(String parent, JsonNode body) {
        String given = body.path("id").asText("");
        if (given.isEmpty()) {
            if (parent.equals(Group.ROOT)) {
                throw ApiException.invalid(List.of(ErrorDetail.of("/id", "error.path.missing")));
            }
            return parent;
        }
        if (given.startsWith("/")) {
            return Params.absoluteId(given);
        }
        return Params.absoluteId((parent.equals(Group.ROOT) ? "" : parent) + "/" + given);
    }
}

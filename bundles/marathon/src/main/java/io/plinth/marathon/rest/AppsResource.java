package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.rest.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PATCH;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/**
 * {@code /v2/apps}: Marathon's app endpoints. App ids contain slashes, so every path takes the id as
 * {@code {id:.+}}; the sub-resources ({@code /versions}, {@code /restart}, {@code /tasks}) match first
 * because they have more literal characters, as in Marathon. Created by {@link MarathonV2Resource} for
 * each request; runs on the request thread.
 */
public final class AppsResource {

    private final Marathon marathon;
    private final MarathonJson json;

    AppsResource(Marathon marathon, MarathonJson json) {
        this.marathon = marathon;
        this.json = json;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode list(@QueryParam("cmd") String cmd, @QueryParam("id") String id,
                           @QueryParam("label") String label, @QueryParam("embed") List<String> embed) {
        Predicate<AppDefinition> filter = app -> true;
        if (cmd != null && !cmd.isEmpty()) {
            String wanted = cmd.toLowerCase(Locale.ROOT);
            filter = filter.and(app -> app.cmd() != null && app.cmd().toLowerCase(Locale.ROOT).contains(wanted));
        }
        if (id != null && !id.isEmpty()) {
            String wanted = id.toLowerCase(Locale.ROOT);
            filter = filter.and(app -> app.id().toLowerCase(Locale.ROOT).contains(wanted));
        }
        if (label != null && !label.isEmpty()) {
            LabelSelector selector = LabelSelector.parse(label);
            filter = filter.and(app -> selector.test(app.labels()));
        }
        Set<AppEmbed> embeds = AppEmbed.union(AppEmbed.LIST_DEFAULTS,
                AppEmbed.parse(Params.values(embed), List.of("apps.", "app.")));
        List<Deployment> deployments = marathon.deployments();
        ObjectNode answer = json.mapper().createObjectNode();
        ArrayNode apps = answer.putArray("apps");
        allApps(marathon.root()).stream().filter(filter)
                .forEach(app -> apps.add(json.app(app, embeds, marathon, deployments)));
        return answer;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(@QueryParam("force") String force, JsonNode body) {
        Marathon.Created created = marathon.createApp(requireBody(body), Params.bool("force", force, false));
        return Response.status(Response.Status.CREATED)
                .header(HttpHeaders.LOCATION, "/v2/apps" + created.app().id())
                .header(MarathonJson.DEPLOYMENT_HEADER, created.deployment().deploymentId())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json.createdApp(created.app(), created.deployment()))
                .build();
    }

    /** Several apps in one deployment; {@code partialUpdate} defaults to true, as in Marathon. */
    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response replaceAll(@QueryParam("partialUpdate") String partialUpdate, @QueryParam("force") String force,
                               JsonNode body) {
        return deployed(marathon.putApps(requireArray(body), Params.bool("partialUpdate", partialUpdate, true),
                Params.bool("force", force, false)));
    }

    @PATCH
    @Produces(MediaType.APPLICATION_JSON)
    public Response patchAll(@QueryParam("force") String force, JsonNode body) {
        return deployed(marathon.putApps(requireArray(body), true, Params.bool("force", force, false)));
    }

    @GET
    @Path("{id:.+}/versions")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode versions(@PathParam("id") String id) {
        String appId = Params.absoluteId(id);
        List<String> versions = marathon.appVersions(appId);
        if (versions.isEmpty()) {
            throw unknownApp(appId);
        }
        ObjectNode answer = json.mapper().createObjectNode();
        answer.set("versions", json.tree(versions));
        return answer;
    }

    @GET
    @Path("{id:.+}/versions/{version}")
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode version(@PathParam("id") String id, @PathParam("version") String version) {
        String appId = Params.absoluteId(id);
        return marathon.appVersion(appId, version).map(json::tree)
                .orElseThrow(() -> ApiException.notFound("App '" + appId + "' does not exist in version " + version));
    }

    @POST
    @Path("{id:.+}/restart")
    @Produces(MediaType.APPLICATION_JSON)
    public Response restart(@PathParam("id") String id, @QueryParam("force") String force) {
        return deployed(marathon.restartApp(Params.absoluteId(id), Params.bool("force", force, false)));
    }

    /** The app's tasks as JSON, or in Marathon's tab-separated text when the client prefers text/plain. */
    @GET
    @Path("{id:.+}/tasks")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response tasks(@PathParam("id") String id, @Context HttpHeaders headers) {
        AppDefinition app = existing(Params.absoluteId(id));
        if (TasksResource.prefersText(headers)) {
            return Response.ok(MarathonJson.tasksText(List.of(app), marathon::tasks), MediaType.TEXT_PLAIN_TYPE).build();
        }
        return Response.ok(json.tasks(marathon.tasks(app.id())), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Kills the app's tasks, all or those on {@code host}. */
    @DELETE
    @Path("{id:.+}/tasks")
    @Produces(MediaType.APPLICATION_JSON)
    public Response killTasks(@PathParam("id") String id, @QueryParam("host") String host,
                              @QueryParam("scale") String scale, @QueryParam("wipe") String wipe,
                              @QueryParam("force") String force) {
        boolean scaling = Params.bool("scale", scale, false);
        boolean wiping = Params.bool("wipe", wipe, false);
        Params.notScaleAndWipe(scaling, wiping);
        boolean forcing = Params.bool("force", force, false);
        AppDefinition app = existing(Params.absoluteId(id));
        List<String> ids = marathon.tasks(app.id()).stream()
                .filter(task -> host == null || host.isEmpty() || host.equals("*") || host.equals(task.host()))
                .map(MarathonTask::id).toList();
        return killed(marathon.killTasks(ids, scaling, wiping, forcing, true), false);
    }

    @DELETE
    @Path("{id:.+}/tasks/{taskId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response killTask(@PathParam("id") String id, @PathParam("taskId") String taskId,
                             @QueryParam("scale") String scale, @QueryParam("wipe") String wipe,
                             @QueryParam("force") String force) {
        boolean scaling = Params.bool("scale", scale, false);
        boolean wiping = Params.bool("wipe", wipe, false);
        Params.notScaleAndWipe(scaling, wiping);
        boolean forcing = Params.bool("force", force, false);
        AppDefinition app = existing(Params.absoluteId(id));
        if (marathon.tasks(app.id()).stream().noneMatch(task -> task.id().equals(taskId))) {
            throw ApiException.notFound("Task '" + taskId + "' does not exist");
        }
        return killed(marathon.killTasks(List.of(taskId), scaling, wiping, forcing, true), true);
    }

    @GET
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode show(@PathParam("id") String id, @QueryParam("embed") List<String> embed) {
        AppDefinition app = existing(Params.absoluteId(id));
        Set<AppEmbed> embeds = AppEmbed.union(AppEmbed.SHOW_DEFAULTS,
                AppEmbed.parse(Params.values(embed), List.of("app.", "apps.")));
        ObjectNode answer = json.mapper().createObjectNode();
        answer.set("app", json.app(app, embeds, marathon, marathon.deployments()));
        return answer;
    }

    /** Updates the app, or creates it (201 with {@code Location}); {@code partialUpdate} defaults to true. */
    @PUT
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response replace(@PathParam("id") String id, @QueryParam("partialUpdate") String partialUpdate,
                            @QueryParam("force") String force, JsonNode body) {
        return put(Params.absoluteId(id), body, Params.bool("partialUpdate", partialUpdate, true),
                Params.bool("force", force, false));
    }

    @PATCH
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response patch(@PathParam("id") String id, @QueryParam("force") String force, JsonNode body) {
        return put(Params.absoluteId(id), body, true, Params.bool("force", force, false));
    }

    @DELETE
    @Path("{id:.+}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("id") String id, @QueryParam("force") String force) {
        return deployed(marathon.deleteApp(Params.absoluteId(id), Params.bool("force", force, false)));
    }

    private Response put(String id, JsonNode body, boolean partial, boolean force) {
        Marathon.Created result = marathon.putApp(id, requireObject(body), partial, force);
        Response.ResponseBuilder answer = result.created()
                ? Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/v2/apps" + result.app().id())
                : Response.ok();
        return answer.header(MarathonJson.DEPLOYMENT_HEADER, result.deployment().deploymentId())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(json.deployment(result.deployment()))
                .build();
    }

    private Response killed(Marathon.Killed killed, boolean single) {
        if (killed.deployment() != null) {
            return deployed(killed.deployment());
        }
        ObjectNode answer;
        if (single && killed.tasks().size() == 1) {
            answer = json.mapper().createObjectNode();
            answer.set("task", json.task(killed.tasks().get(0)));
        } else {
            answer = json.tasks(killed.tasks());
        }
        return Response.ok(answer, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response deployed(DeploymentResult result) {
        return deployed(json, result);
    }

    /** 200 with {@code {deploymentId, version}} and the {@code Marathon-Deployment-Id} header. */
    static Response deployed(MarathonJson json, DeploymentResult result) {
        return Response.ok(json.deployment(result), MediaType.APPLICATION_JSON_TYPE)
                .header(MarathonJson.DEPLOYMENT_HEADER, result.deploymentId())
                .build();
    }

    private AppDefinition existing(String id) {
        return marathon.app(id).orElseThrow(() -> unknownApp(id));
    }

    static ApiException unknownApp(String id) {
        return ApiException.notFound("App '" + id + "' does not exist");
    }

    /** Every app of the tree, sorted by id. */
    static List<AppDefinition> allApps(Group root) {
        List<AppDefinition> apps = new ArrayList<>();
        collect(root, apps);
        apps.sort(java.util.Comparator.comparing(AppDefinition::id));
        return apps;
    }

    private static void collect(Group group, List<AppDefinition> apps) {
        apps.addAll(group.apps());
        group.groups().forEach(child -> collect(child, apps));
    }

    static JsonNode requireBody(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw ApiException.badRequest("Invalid JSON: the request has no body");
        }
        return body;
    }

    private static JsonNode requireObject(JsonNode body) {
        if (!requireBody(body).isObject()) {
            throw ApiException.badRequest("Invalid JSON: expected an app object");
        }
        return body;
    }

    private static JsonNode requireArray(JsonNode body) {
        if (!requireBody(body).isArray()) {
            throw ApiException.badRequest("Invalid JSON: expected an array of apps");
        }
        return body;
    }
}

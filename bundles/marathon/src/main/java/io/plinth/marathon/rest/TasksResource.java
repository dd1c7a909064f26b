package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.rest.api.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

/** {@code /v2/tasks}: every task, and killing tasks of any apps by id. Per request, on its thread. */
public final class TasksResource {

    /** The task states {@code status=} may name, lower case without {@code TASK_}. */
    private static final Set<String> STATES = Set.of("staging", "starting", "running", "killing", "finished",
            "failed", "killed", "lost", "error", "dropped", "unreachable", "gone", "gone_by_operator", "unknown");

    private final Marathon marathon;
    private final MarathonJson json;

    TasksResource(Marathon marathon, MarathonJson json) {
        this.marathon = marathon;
        this.json = json;
    }

    /** JSON, or Marathon's tab-separated text when the client prefers text/plain. */
    @GET
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response list(@QueryParam("status") List<String> status, @QueryParam("status[]") List<String> statuses,
                         @Context HttpHeaders headers) {
        Set<String> states = new HashSet<>();
        List<String> named = new ArrayList<>(Params.values(status));
        named.addAll(Params.values(statuses));
        for (String state : named) {
            String lower = state.toLowerCase(Locale.ROOT);
            if (!STATES.contains(lower)) {
                throw ApiException.badRequest("Query parameter 'status' must be one of " + new java.util.TreeSet<>(STATES)
                        + ", not '" + state + "'");
            }
            states.add("TASK_" + lower.toUpperCase(Locale.ROOT));
        }
        List<MarathonTask> tasks = marathon.tasks().stream()
                .filter(task -> states.isEmpty() || states.contains(task.state())).toList();
        if (prefersText(headers)) {
            return Response.ok(MarathonJson.tasksText(AppsResource.allApps(marathon.root()), marathon::tasks),
                    MediaType.TEXT_PLAIN_TYPE).build();
        }
        return Response.ok(json.tasks(tasks), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Body {@code {"ids": [..]}}; unknown ids are skipped, as Marathon does. */
    @POST
    @Path("delete")
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@QueryParam("scale") String scale, @QueryParam("wipe") String wipe,
                           @QueryParam("force") String force, JsonNode body) {
        boolean scaling = Params.bool("scale", scale, false);
        boolean wiping = Params.bool("wipe", wipe, false);
        Params.notScaleAndWipe(scaling, wiping);
        boolean forcing = Params.bool("force", force, false);
        JsonNode ids = AppsResource.requireBody(body).path("ids");
        if (!ids.isArray()) {
            throw ApiException.invalid(List.of(io.plinth.rest.api.ErrorDetail.of("/ids", "must be an array of task ids")));
        }
        List<String> taskIds = new ArrayList<>();
        ids.forEach(id -> taskIds.add(id.asText()));
        Marathon.Killed killed = marathon.killTasks(taskIds, scaling, wiping, forcing, false);
        if (killed.deployment() != null) {
            return AppsResource.deployed(json, killed.deployment());
        }
        return Response.ok(json.tasks(killed.tasks()), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** True when the client ranks text/plain above JSON; JSON wins ties and wildcards, as in Marathon. */
    static boolean prefersText(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isWildcardType() || type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(MediaType.TEXT_PLAIN_TYPE)) {
                return true;
            }
        }
        return false;
    }
}

package io.plinth.master.operator.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.operator.state.BuildInfo;
import io.plinth.master.operator.state.Json;
import io.plinth.master.operator.state.MasterSnapshot;
import io.plinth.master.operator.state.StateDocuments;
import io.plinth.master.operator.state.TaskQuery;
import io.plinth.mesos.api.ResourceManager;
import io.plinth.rest.api.Rest;
import java.util.Optional;
import java.util.function.Function;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mesos' v0 master endpoints: {@code /master/state}, {@code /master/state-summary},
 * {@code /master/slaves}, {@code /master/frameworks}, {@code /master/tasks}, {@code /master/roles}
 * (answered by the leading master, redirected to it by the others, 503 while no master leads),
 * {@code /master/health} and {@code /master/redirect} (answered by any master).
 */
@Component(service = Object.class, configurationPid = OperatorConfig.PID)
@Designate(ocd = OperatorConfig.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/master")
public class MasterResource {

    private static final Logger LOG = LoggerFactory.getLogger(MasterResource.class);

    private final LeadingMaster leading;
    private final Json json;
    private final StateDocuments documents;

    @Activate
    public MasterResource(BundleContext context, OperatorConfig config, @Reference LeaderDetector detector) {
        this(new LeadingMaster(detector), new Json(), OperatorSettings.cluster(config),
                OperatorSettings.build(context.getBundle()));
    }

    MasterResource(LeadingMaster leading, Json json, Optional<String> cluster,
                   BuildInfo build) {
        this.leading = leading;
        this.json = json;
        this.documents = new StateDocuments(json, cluster, build);
    }

    // The resource manager is registered only while this master leads. A dynamic reference keeps this
    // resource published across elections; a static one would re-register it with the whiteboard on
    // every change of leader.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindManager(ResourceManager manager) {
        leading.bind(manager);
    }

    void unbindManager(ResourceManager manager) {
        leading.unbind(manager);
    }

    @GET
    @Path("/state")
    public Response state(@Context UriInfo uri) {
        return fromLeader(uri, documents::state);
    }

    /** The older name of {@code /master/state}, still served by Mesos 1.x. */
    @GET
    @Path("/state.json")
    public Response stateJson(@Context UriInfo uri) {
        return fromLeader(uri, documents::state);
    }

    @GET
    @Path("/state-summary")
    public Response stateSummary(@Context UriInfo uri) {
        return fromLeader(uri, documents::stateSummary);
    }

    @GET
    @Path("/slaves")
    public Response slaves(@Context UriInfo uri, @QueryParam("slave_id") String agentId) {
        return fromLeader(uri, snapshot -> documents.slaves(snapshot, nonEmpty(agentId)));
    }

    @GET
    @Path("/frameworks")
    public Response frameworks(@Context UriInfo uri, @QueryParam("framework_id") String frameworkId) {
        return fromLeader(uri, snapshot -> documents.frameworks(snapshot, nonEmpty(frameworkId)));
    }

    @GET
    @Path("/tasks")
    public Response tasks(@Context UriInfo uri, @QueryParam("limit") String limit, @QueryParam("offset") String offset,
                          @QueryParam("order") String order, @QueryParam("framework_id") String frameworkId,
                          @QueryParam("task_id") String taskId) {
        if (leading.manager().isEmpty()) {
            return leading.redirect(uri);
        }
        TaskQuery query;
        try {
            query = TaskQuery.parse(limit, offset, order, frameworkId, taskId);
        } catch (IllegalArgumentException e) {
            return LeadingMaster.text(400, e.getMessage());
        }
        return fromLeader(uri, snapshot -> documents.tasks(snapshot, query));
    }

    @GET
    @Path("/roles")
    public Response roles(@Context UriInfo uri) {
        Optional<ResourceManager> manager = leading.manager();
        if (manager.isEmpty()) {
            return leading.redirect(uri);
        }
        try {
            return ok(documents.roles(manager.get().roles()));
        } catch (RuntimeException e) {
            return unavailable(e);
        }
    }

    /** 200 with an empty body while this master runs, leading or not. */
    @GET
    @Path("/health")
    public Response health() {
        return Response.ok().build();
    }

    /** 307 to the leading master's root; the bookmark operators use for a cluster of masters. */
    @GET
    @Path("/redirect")
    public Response redirect() {
        return leading.redirectToLeader();
    }

    private Response fromLeader(UriInfo uri, Function<MasterSnapshot, JsonNode> document) {
        Optional<ResourceManager> manager = leading.manager();
        if (manager.isEmpty()) {
            return leading.redirect(uri);
        }
        try {
            return ok(document.apply(MasterSnapshot.of(manager.get())));
        } catch (RuntimeException e) {
            return unavailable(e);
        }
    }

    private Response ok(JsonNode document) {
        return Response.ok(json.bytes(document), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /**
     * The resource manager failed to give its state, typically because this master stopped leading
     * during the request: the client should retry, and will then be redirected.
     */
    static Response unavailable(RuntimeException e) {
        // expected when leadership moves: no stack trace unless asked for
        LOG.warn("Cannot read the master's state: {}", e.toString());
        LOG.debug("Reading the master's state failed", e);
        return LeadingMaster.text(503, "The master's state is not available: " + e.getMessage());
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}

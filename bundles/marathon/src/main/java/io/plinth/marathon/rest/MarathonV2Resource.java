package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.marathon.api.EventStream;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonEvent;
import io.plinth.rest.api.Rest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtensionSelect;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marathon's v2 API, {@code /v2/*}: this root resource hands each request to a per-request
 * sub-resource ({@link AppsResource}, {@link TasksResource}, {@link GroupsResource},
 * {@link DeploymentsResource}, {@link QueueResource}, {@link InfoResource}, {@link LeaderResource}) bound
 * to the {@link Marathon} service, and serves {@code /v2/events} itself.
 *
 * <p>{@link Marathon} is registered only on the leading master. {@link LeaderProxyFilter} forwards
 * the requests of other masters to the leader before they get here; a request that arrives while
 * leadership is being lost is answered 503. Losing leadership ends the open event streams, so that
 * their clients reconnect (and are proxied to the new leader).
 */
@Component(service = Object.class)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/v2")
public class MarathonV2Resource {

    /** Marathon's event source sends a keep-alive this often. */
    static final Duration HEARTBEAT = Duration.ofSeconds(10);
    /** Events that may wait for a slow client before its stream is ended. */
    static final int MAX_QUEUED_EVENTS = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(MarathonV2Resource.class);

    private final LeadingMarathon leading;
    private final LeaderDetector detector;
    private final EventStream events;
    private final Duration heartbeat;
    private final String buildref;
    private final MarathonJson json = new MarathonJson();
    private final Set<SseStream> streams = ConcurrentHashMap.newKeySet();

    @Activate
    public MarathonV2Resource(BundleContext context, @Reference LeaderDetector detector,
                              @Reference EventStream events) {
        this(new LeadingMarathon(), detector, events, HEARTBEAT, context.getBundle().getVersion().toString());
    }

    MarathonV2Resource(LeadingMarathon leading, LeaderDetector detector, EventStream events, Duration heartbeat,
                       String buildref) {
        this.leading = leading;
        this.detector = detector;
        this.events = events;
        this.heartbeat = heartbeat;
        this.buildref = buildref;
    }

    // Marathon is registered only while this master leads: a dynamic reference keeps the resource
    // published across elections instead of re-registering it with the whiteboard on each.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMarathon(Marathon marathon) {
        leading.bind(marathon);
    }

    void unbindMarathon(Marathon marathon) {
        leading.unbind(marathon);
        streams.forEach(SseStream::close);
    }

    /** Ends every open event stream; safe to call twice. */
    @Deactivate
    void close() {
        streams.forEach(SseStream::close);
    }

    @Path("apps")
    public AppsResource apps() {
        return new AppsResource(leading.require(), json);
    }

    @Path("tasks")
    public TasksResource tasks() {
        return new TasksResource(leading.require(), json);
    }

    @Path("groups")
    public GroupsResource groups() {
        return new GroupsResource(leading.require(), json);
    }

    @Path("deployments")
    public DeploymentsResource deployments() {
        return new DeploymentsResource(leading.require(), json);
    }

    @Path("queue")
    public QueueResource queue() {
        return new QueueResource(leading.require(), json);
    }

    @Path("info")
    public InfoResource info() {
        return new InfoResource(leading.get(), leader(), json, buildref);
    }

    @Path("leader")
    public LeaderResource leaderResource() {
        return new LeaderResource(leading.get(), leader(), json);
    }

    /** Server-Sent Events; {@code event_type} (repeatable) keeps only those types. */
    @GET
    @Path("events")
    @Produces("text/event-stream")
    public Response events(@QueryParam("event_type") List<String> eventTypes, @Context HttpServletRequest request) {
        leading.require();
        String remoteAddress = request == null ? "" : request.getRemoteAddr();
        SseStream stream = new SseStream(events, Set.copyOf(Params.values(eventTypes)), heartbeat, MAX_QUEUED_EVENTS,
                ended -> {
                    streams.remove(ended);
                    events.publish(streamEvent("event_stream_detached", remoteAddress));
                });
        streams.add(stream);
        stream.open();
        events.publish(streamEvent("event_stream_attached", remoteAddress));
        if (leading.get().isEmpty()) {
            // leadership was lost between the check and the registration, so unbindMarathon missed it
            stream.close();
            streams.remove(stream);
            return Response.status(503).type("application/json")
                    .entity(json.message(LeadingMarathon.NO_LEADER)).build();
        }
        return Response.ok(stream, "text/event-stream").header("Cache-Control", "no-cache").build();
    }

    private MarathonEvent streamEvent(String type, String remoteAddress) {
        ObjectNode node = json.mapper().createObjectNode().put("remoteAddress", remoteAddress).put("eventType", type)
                .put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        return new MarathonEvent(type, node.toString());
    }

    /** Event streams currently open, for tests and diagnostics. */
    int openStreams() {
        return streams.size();
    }

    private Optional<LeaderInfo> leader() {
        try {
            return detector.leader(Marathon.GROUP);
        } catch (RuntimeException e) {
            LOG.debug("Cannot ask who leads the marathon group", e);
            return Optional.empty();
        }
    }
}

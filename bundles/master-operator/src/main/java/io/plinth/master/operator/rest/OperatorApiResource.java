package io.plinth.master.operator.rest;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.operator.api.CallRejected;
import io.plinth.master.operator.api.Encoding;
import io.plinth.master.operator.api.EventStream;
import io.plinth.master.operator.api.OperatorCalls;
import io.plinth.master.operator.state.BuildInfo;
import io.plinth.mesos.api.ResourceManager;
import io.plinth.rest.api.Rest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriInfo;
import org.apache.mesos.v1.master.Protos.Call;
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
 * Mesos' v1 operator API, {@code POST /api/v1}: a {@code Call} in JSON or protobuf
 * ({@code Content-Type}), answered with a {@code Response} in the encoding {@code Accept} asks for
 * (JSON by default), or for SUBSCRIBE with an endless RecordIO stream of {@code Event}s. Only the
 * leading master answers; the others redirect to it (307) or answer 503 while no master leads.
 * Errors are answered as Mesos answers them: status and a plain-text message.
 */
@Component(service = Object.class, configurationPid = OperatorConfig.PID)
@JaxrsResource
@JaxrsExtensionSelect(Rest.JSON)
@Path("/api/v1")
public class OperatorApiResource {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorApiResource.class);

    private final LeadingMaster leading;
    private final OperatorCalls calls;
    private final Duration heartbeat;
    private final int maxQueuedEvents;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();

    @Activate
    public OperatorApiResource(BundleContext context, OperatorConfig config, @Reference LeaderDetector detector) {
        this(new LeadingMaster(detector), OperatorSettings.cluster(config), OperatorSettings.build(context.getBundle()),
                Duration.ofNanos((long) (config.heartbeatIntervalSeconds() * 1e9)), config.maxQueuedEvents());
    }

    OperatorApiResource(LeadingMaster leading, Optional<String> cluster, BuildInfo build, Duration heartbeat,
                        int maxQueuedEvents) {
        if (heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("heartbeatIntervalSeconds must be positive");
        }
        if (maxQueuedEvents < 1) {
            throw new IllegalArgumentException("maxQueuedEvents must be positive");
        }
        this.leading = leading;
        this.calls = new OperatorCalls(cluster, build);
        this.heartbeat = heartbeat;
        this.maxQueuedEvents = maxQueuedEvents;
    }

    // See MasterResource for why this reference is dynamic.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindManager(ResourceManager manager) {
        leading.bind(manager);
    }

    /** The master stopped leading: its event streams end (cleanly, as seen by their clients). */
    void unbindManager(ResourceManager manager) {
        leading.unbind(manager);
        streams.stream().filter(stream -> stream.manager() == manager).forEach(EventStream::close);
    }

    /** Ends every open stream; safe to call twice. */
    @Deactivate
    void close() {
        streams.forEach(EventStream::close);
    }

    @POST
    public Response call(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                         @HeaderParam(HttpHeaders.ACCEPT) String accept,
                         @Context UriInfo uri, byte[] body) {
        Optional<ResourceManager> manager = leading.manager();
        if (manager.isEmpty()) {
            return leading.redirect(uri);
        }
        try {
            Call call = Encoding.ofContentType(contentType).decodeCall(body);
            OperatorCalls.validate(call);
            Encoding answer = Encoding.ofAccept(accept);
            if (OperatorCalls.isStream(call)) {
                return subscribe(manager.get(), answer);
            }
            return Response.ok(answer.encode(calls.answer(call, manager.get())), answer.mediaType()).build();
        } catch (CallRejected e) {
            return LeadingMaster.text(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            return MasterResource.unavailable(e);
        }
    }

    @GET
    public Response get(@Context UriInfo uri) {
        return notAllowed("GET", uri);
    }

    @PUT
    public Response put(@Context UriInfo uri) {
        return notAllowed("PUT", uri);
    }

    @DELETE
    public Response delete(@Context UriInfo uri) {
        return notAllowed("DELETE", uri);
    }

    /** Streams currently open, for tests and diagnostics. */
    int openStreams() {
        return streams.size();
    }

    private Response subscribe(ResourceManager manager, Encoding encoding) {
        EventStream stream = new EventStream(manager, encoding, heartbeat, maxQueuedEvents, streams::remove);
        streams.add(stream);
        if (leading.manager().orElse(null) != manager) {
            // leadership was lost between the check and the registration, so unbindManager missed this
            // stream; a retry will be redirected to the new leader
            streams.remove(stream);
            return LeadingMaster.text(503, "This master stopped leading; retry");
        }
        try {
            stream.open();
        } catch (RuntimeException e) {
            streams.remove(stream);
            return MasterResource.unavailable(e);
        }
        LOG.debug("Operator API subscriber connected ({})", encoding.mediaType());
        StreamingOutput body = stream::writeTo;
        return Response.ok(body, encoding.mediaType()).build();
    }

    /** Mesos redirects before it looks at the method, so a non-leader redirects these too. */
    private Response notAllowed(String method, UriInfo uri) {
        if (leading.manager().isEmpty()) {
            return leading.redirect(uri);
        }
        return Response.status(Response.Status.METHOD_NOT_ALLOWED)
                .header(HttpHeaders.ALLOW, "POST")
                .type("text/plain")
                .entity("Expecting 'POST', received '" + method + "'")
                .build();
    }
}

package io.plinth.master.operator.rest;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.mesos.api.ResourceManager;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this master leads, and where the leader is when it does not. The {@link ResourceManager}
 * service exists only on the leading master: it is bound and unbound here as leadership comes and
 * goes. Requests that need the leader's state are redirected to the leader (as Mesos does) from
 * the others. Thread-safe.
 */
public final class LeadingMaster {

    /** The election group of Mesos masters. */
    public static final String GROUP = "mesos";

    private static final Logger LOG = LoggerFactory.getLogger(LeadingMaster.class);

    private final LeaderDetector detector;
    private final AtomicReference<ResourceManager> manager = new AtomicReference<>();

    public LeadingMaster(LeaderDetector detector) {
        this.detector = Objects.requireNonNull(detector, "detector");
    }

    /** This master now leads with {@code manager}. */
    public void bind(ResourceManager manager) {
        this.manager.set(manager);
    }

    /** {@code manager} is gone; true if it was the current one. */
    public boolean unbind(ResourceManager manager) {
        return this.manager.compareAndSet(manager, null);
    }

    /** The leading master's state, if this master leads. */
    public Optional<ResourceManager> manager() {
        return Optional.ofNullable(manager.get());
    }

    /** The leader according to ZooKeeper; empty if none is known or ZooKeeper cannot be asked. */
    public Optional<LeaderInfo> leader() {
        try {
            return detector.leader(GROUP);
        } catch (RuntimeException e) {
            LOG.debug("Cannot ask who leads the mesos group", e);
            return Optional.empty();
        }
    }

    /**
     * 307 to the same path and query on the leader ({@code Location: //ip:port/path?query}, which keeps
     * the client's scheme), or 503 when no leader is known.
     */
    public Response redirect(UriInfo uri) {
        return leader()
                .map(leader -> Response.status(Response.Status.TEMPORARY_REDIRECT)
                        .header(HttpHeaders.LOCATION, "//" + leader.address() + pathAndQuery(uri))
                        .build())
                .orElseGet(LeadingMaster::noLeader);
    }

    /** 307 to the leader's root ({@code Location: //ip:port}), or 503 when no leader is known. */
    public Response redirectToLeader() {
        return leader()
                .map(leader -> Response.status(Response.Status.TEMPORARY_REDIRECT)
                        .header(HttpHeaders.LOCATION, "//" + leader.address())
                        .build())
                .orElseGet(LeadingMaster::noLeader);
    }

    static Response noLeader() {
        return text(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(), "No leader elected");
    }

    /** A plain-text answer, as Mesos answers errors. */
    static Response text(int status, String message) {
        return Response.status(status).type(MediaType.TEXT_PLAIN_TYPE).entity(message).build();
    }

    private static String pathAndQuery(UriInfo uri) {
        String path = uri.getRequestUri().getRawPath();
        String query = uri.getRequestUri().getRawQuery();
        return (path == null || path.isEmpty() ? "/" : path) + (query == null || query.isEmpty() ? "" : "?" + query);
    }
}

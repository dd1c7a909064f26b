package io.plinth.marathon.rest;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.marathon.api.Marathon;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.ws.rs.HttpMethod;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.container.PreMatching;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.UriInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before any resource is matched: serves the API also under {@code /marathon} and
 * {@code /service/marathon} (DC/OS' paths) by stripping those prefixes, and on a master that does not
 * lead (no {@link Marathon} service here) forwards every {@code /v2/*} request to the leader with
 * {@link LeaderProxy}, except {@code GET /v2/leader}, which every master answers. No leader known:
 * 503 {@code {"message":"Could not determine the current leader"}}. Answers of the API carry
 * {@code X-Marathon-Leader: http://ip:port}, as Marathon's do. Runs on request threads.
 */
@Component(service = {ContainerRequestFilter.class, ContainerResponseFilter.class})
@JaxrsExtension
@JaxrsName(LeaderProxyFilter.NAME)
@PreMatching
public class LeaderProxyFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** {@code osgi.jaxrs.name} of this extension. */
    public static final String NAME = "plinth.marathon.proxy";
    public static final String LEADER_HEADER = "X-Marathon-Leader";

    private static final Logger LOG = LoggerFactory.getLogger(LeaderProxyFilter.class);
    private static final String[] PREFIXES = {"service/marathon", "marathon"};
    /** Set on requests of the Marathon API, for the response filter. */
    private static final String MARATHON_REQUEST = LeaderProxyFilter.class.getName() + ".marathon";

    private final LeadingMarathon leading;
    private final LeaderDetector detector;
    private final LeaderProxy proxy;

    @Activate
    public LeaderProxyFilter(@Reference LeaderDetector detector) {
        this(new LeadingMarathon(), detector, new LeaderProxy(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build(), Duration.ofSeconds(30)));
    }

    LeaderProxyFilter(LeadingMarathon leading, LeaderDetector detector, LeaderProxy proxy) {
        this.leading = leading;
        this.detector = detector;
        this.proxy = proxy;
    }

    // See MarathonV2Resource for why this reference is dynamic.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMarathon(Marathon marathon) {
        leading.bind(marathon);
    }

    void unbindMarathon(Marathon marathon) {
        leading.unbind(marathon);
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        UriInfo uri = request.getUriInfo();
        String path = trimSlashes(uri.getRequestUri().getRawPath(), uri.getBaseUri().getRawPath());
        String stripped = stripPrefix(path);
        String query = uri.getRequestUri().getRawQuery();
        String pathAndQuery = stripped + (query == null || query.isEmpty() ? "" : "?" + query);
        if (!stripped.equals(path)) {
            String base = uri.getBaseUri().toString();
            request.setRequestUri(URI.create((base.endsWith("/") ? base : base + "/") + pathAndQuery));
        }
        if (!isMarathonPath(stripped)) {
            return;
        }
        request.setProperty(MARATHON_REQUEST, Boolean.TRUE);
        if (leading.get().isPresent() || !isV2(stripped)
                || (stripped.equals("v2/leader") && request.getMethod().equals(HttpMethod.GET))) {
            return;
        }
        Optional<LeaderInfo> leader = leader();
        if (leader.isEmpty()) {
            request.abortWith(error(503, LeadingMarathon.NO_LEADER));
            return;
        }
        byte[] body;
        try (InputStream in = request.getEntityStream()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        }
        request.abortWith(proxy.forward(leader.get(), request.getMethod(), pathAndQuery, request.getHeaders(), body));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (Boolean.TRUE.equals(request.getProperty(MARATHON_REQUEST))
                && !response.getHeaders().containsKey(LEADER_HEADER)) {
            leader().ifPresent(leader -> response.getHeaders().putSingle(LEADER_HEADER, "http://" + leader.address()));
        }
    }

    /** {@code marathon/v2/apps} and {@code service/marathon/v2/apps} are {@code v2/apps}. */
    static String stripPrefix(String path) {
        for (String prefix : PREFIXES) {
            if (path.equals(prefix)) {
                return "";
            }
            if (path.startsWith(prefix + "/")) {
                return path.substring(prefix.length() + 1);
            }
        }
        return path;
    }

    static boolean isMarathonPath(String path) {
        return isV2(path) || path.equals("metrics") || path.equals("ping");
    }

    private static boolean isV2(String path) {
        return path.equals("v2") || path.startsWith("v2/");
    }

    /** Marathon's error body, written by hand so that it needs no JSON provider. */
    static Response error(int status, String message) {
        String body = "{\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private Optional<LeaderInfo> leader() {
        try {
            return detector.leader(Marathon.GROUP);
        } catch (RuntimeException e) {
            LOG.debug("Cannot ask who leads the marathon group", e);
            return Optional.empty();
        }
    }

    /** The request path relative to the application's base path, without slashes at either end. */
    private static String trimSlashes(String requestPath, String basePath) {
        String path = requestPath == null ? "" : requestPath;
        String base = basePath == null ? "" : basePath;
        if (!base.isEmpty() && !base.equals("/") && path.startsWith(base)) {
            path = path.substring(base.endsWith("/") ? base.length() - 1 : base.length());
        }
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}

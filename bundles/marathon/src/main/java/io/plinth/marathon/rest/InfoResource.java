package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.marathon.api.Marathon;
import java.util.Optional;
import javax.ws.rs.GET;
import javax.ws.rs.Produces;
import javax.ws.rs.core.MediaType;

/**
 * {@code /v2/info} in Marathon 1.11's shape. Plinth knows the leader (from the election) and the
 * framework id; Marathon's command-line settings that have no counterpart here ({@code master},
 * {@code zk}, ...) are {@code null}. Per request.
 */
public final class InfoResource {

    /** The Marathon version Plinth's API follows; clients switch features on it. */
    public static final String MARATHON_VERSION = "1.11.0";

    private final Optional<Marathon> marathon;
    private final Optional<LeaderInfo> leader;
    private final MarathonJson json;
    private final String buildref;

    InfoResource(Optional<Marathon> marathon, Optional<LeaderInfo> leader, MarathonJson json, String buildref) {
        this.marathon = marathon;
        this.leader = leader;
        this.json = json;
        this.buildref = buildref;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ObjectNode info() {
        ObjectNode info = json.mapper().createObjectNode()
                .put("name", "marathon")
                .put("version", MARATHON_VERSION)
                .put("buildref", buildref)
                .put("elected", marathon.isPresent())
                .put("leader", leader.map(LeaderInfo::address).orElse(null))
                .put("frameworkId", marathon.flatMap(Marathon::frameworkId).orElse(null));
        ObjectNode config = info.putObject("marathon_config");
        config.putNull("master");
        config.put("hostname", leader.map(LeaderInfo::hostname).orElse(null));
        config.put("framework_name", "marathon");
        config.put("http_port", leader.map(LeaderInfo::port).orElse(null));
        config.put("ha", true);
        config.put("checkpoint", true);
        config.putArray("features");
        config.putNull("mesos_role");
        ObjectNode zookeeper = info.putObject("zookeeper_config");
        zookeeper.putNull("zk");
        ObjectNode http = info.putObject("http_config");
        http.put("http_port", leader.map(LeaderInfo::port).orElse(null));
        http.putNull("https_port");
        info.putNull("event_subscriber");
        return info;
    }
}

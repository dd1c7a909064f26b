package io.plinth.master.http;

import io.plinth.coordination.api.LeaderDetector;
import javax.ws.rs.core.Response;

/** How a master that does not lead answers: 307 to the leader, as Mesos does, or 503. */
public final class Redirects {

    private Redirects() {
    }

    public static Response toLeader(LeaderDetector detector, String path) {
        return detector.leader("mesos")
                .map(leader -> Response.status(307).header("Location", "//" + leader.address() + path).build())
                .orElseGet(() -> Media.text(503, "No leading master"));
    }
}

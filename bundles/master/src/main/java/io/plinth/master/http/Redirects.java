package io.plinth.master.http;

import io.plinth.coordination.api.LeaderDetector;
import java.util.Map;

/** How a master that does not lead answers: 307 to the leader, as Mesos does, or 503. */
final class Redirects {

    private Redirects() {
    }

    static Reply toLeader(LeaderDetector detector, String path) {
        return detector.leader("mesos")
                .<Reply>map(leader -> new Reply.Whole(307, null, new byte[0], Map.of("Location", "//" + leader.address() + path)))
                .orElseGet(() -> Reply.text(503, "No leading master"));
    }
}

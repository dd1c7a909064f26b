package io.plinth.master.operator.command;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import java.util.Optional;

/** What the commands print when this master does not lead. */
final class Leadership {

    private Leadership() {
    }

    /** "This master is not the leader; the leader is ip:port", or that no leader is known. */
    static String notLeading(LeaderDetector detector) {
        Optional<LeaderInfo> leader = Optional.empty();
        if (detector != null) {
            try {
                leader = detector.leader("mesos");
            } catch (RuntimeException e) {
                // ZooKeeper unreachable: same as no known leader
            }
        }
        return leader.map(info -> "This master is not the leader; the leader is " + info.address())
                .orElse("This master is not the leader, and no leader is known");
    }
}

package io.plinth.master.operator.command;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import java.math.BigDecimal;
import java.util.Optional;

/** What the commands print when this master does not lead, and how they print amounts. */
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

    /** {@code 0.5/4}: amounts without a needless {@code .0}. */
    static String usedOfTotal(double used, double total) {
        return amount(used) + "/" + amount(total);
    }

    static String amount(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}

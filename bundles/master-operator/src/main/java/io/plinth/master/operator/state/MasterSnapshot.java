package io.plinth.master.operator.state;

import io.plinth.mesos.api.ResourceManager;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.master.Protos.Response.GetState;

/**
 * What the leading master's v0 documents are rendered from: one read of the resource manager.
 *
 * @param master             this (leading) master
 * @param startTimeMillis    when this master process started, epoch milliseconds
 * @param electedTimeMillis  when it became leader, epoch milliseconds
 * @param state              the operator API's whole state
 * @param outstandingOffers  offers sent and not yet answered (complements the frameworks' own offer lists)
 * @param unreachableAgents  agents marked unreachable: GET_AGENTS does not list them, only the
 *                           {@code master/slaves_unreachable} gauge counts them
 */
public record MasterSnapshot(MasterInfo master, long startTimeMillis, long electedTimeMillis, GetState state,
                             List<Offer> outstandingOffers, double unreachableAgents) {

    /** Mesos' gauge of agents marked unreachable. */
    public static final String UNREACHABLE_AGENTS_METRIC = "master/slaves_unreachable";

    public MasterSnapshot {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(state, "state");
        outstandingOffers = List.copyOf(outstandingOffers);
    }

    /** Reads everything the documents need from the leading master. */
    public static MasterSnapshot of(ResourceManager manager) {
        Number unreachable = manager.metrics().get(UNREACHABLE_AGENTS_METRIC);
        return new MasterSnapshot(manager.masterInfo(), manager.startTimeMillis(), manager.electedTimeMillis(),
                manager.state(), manager.outstandingOffers(), unreachable == null ? 0 : unreachable.doubleValue());
    }

    /** Epoch milliseconds as Mesos' seconds with a fraction. */
    public static double seconds(long epochMillis) {
        return epochMillis / 1000.0;
    }
}

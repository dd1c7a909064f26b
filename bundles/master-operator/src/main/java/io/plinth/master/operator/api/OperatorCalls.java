package io.plinth.master.operator.api;

import io.plinth.master.operator.state.BuildInfo;
import io.plinth.master.operator.state.MasterFlags;
import io.plinth.master.operator.state.MasterSnapshot;
import io.plinth.mesos.api.ResourceManager;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.Flag;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Metric;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * Answers the operator API's read-only calls from the leading master's state. SUBSCRIBE is not
 * answered here: it is a stream ({@link EventStream}). Calls that change the cluster (reservations,
 * volumes, maintenance, quota, weights, teardown, agent draining) and file and logging calls are not
 * supported and answered with 501. Thread-safe.
 */
public final class OperatorCalls {

    /** The gauge Mesos sets to 1 on the leading master and to 0 on the others. */
    public static final String ELECTED_METRIC = "master/elected";

    private final Optional<String> cluster;
    private final BuildInfo build;

    public OperatorCalls(Optional<String> cluster, BuildInfo build) {
        this.cluster = Objects.requireNonNull(cluster, "cluster");
        this.build = Objects.requireNonNull(build, "build");
    }

    /**
     * Checks what Mesos checks before dispatching a call.
     *
     * @throws CallRejected 400 if the call has no type (or one unknown to Mesos 1.11's protos)
     */
    public static void validate(Call call) {
        if (!call.hasType()) {
            throw CallRejected.badRequest("Failed to validate master::Call: Expecting 'type' to be present");
        }
    }

    /** Whether the call is answered by an event stream rather than one {@code Response}. */
    public static boolean isStream(Call call) {
        return call.getType() == Call.Type.SUBSCRIBE;
    }

    /**
     * The answer to a validated, non-streaming call, read from the leading master.
     *
     * @throws CallRejected 501 for calls this master does not implement
     */
    public Response answer(Call call, ResourceManager manager) {
        Response.Builder response = Response.newBuilder();
        switch (call.getType()) {
            case GET_HEALTH -> response.setType(Response.Type.GET_HEALTH)
                    .setGetHealth(Response.GetHealth.newBuilder().setHealthy(true));
            case GET_FLAGS -> {
                Response.GetFlags.Builder flags = Response.GetFlags.newBuilder();
                MasterFlags.of(manager.masterInfo(), cluster)
                        .forEach((name, value) -> flags.addFlags(Flag.newBuilder().setName(name).setValue(value)));
                response.setType(Response.Type.GET_FLAGS).setGetFlags(flags);
            }
            case GET_VERSION -> response.setType(Response.Type.GET_VERSION)
                    .setGetVersion(Response.GetVersion.newBuilder()
                            .setVersionInfo(build.toVersionInfo(manager.masterInfo())));
            case GET_METRICS -> {
                Response.GetMetrics.Builder metrics = Response.GetMetrics.newBuilder();
                leaderMetrics(manager).forEach((name, value) -> metrics.addMetrics(
                        Metric.newBuilder().setName(name).setValue(value.doubleValue())));
                response.setType(Response.Type.GET_METRICS).setGetMetrics(metrics);
            }
            case GET_STATE -> response.setType(Response.Type.GET_STATE).setGetState(manager.state());
            case GET_AGENTS -> response.setType(Response.Type.GET_AGENTS)
                    .setGetAgents(manager.state().getGetAgents());
            case GET_FRAMEWORKS -> response.setType(Response.Type.GET_FRAMEWORKS)
                    .setGetFrameworks(manager.state().getGetFrameworks());
            case GET_EXECUTORS -> response.setType(Response.Type.GET_EXECUTORS)
                    .setGetExecutors(manager.state().getGetExecutors());
            case GET_TASKS -> response.setType(Response.Type.GET_TASKS)
                    .setGetTasks(manager.state().getGetTasks());
            case GET_ROLES -> response.setType(Response.Type.GET_ROLES).setGetRoles(manager.roles());
            case GET_MASTER -> {
                MasterInfo master = manager.masterInfo();
                response.setType(Response.Type.GET_MASTER).setGetMaster(Response.GetMaster.newBuilder()
                        .setMasterInfo(master)
                        .setStartTime(MasterSnapshot.seconds(manager.startTimeMillis()))
                        .setElectedTime(MasterSnapshot.seconds(manager.electedTimeMillis())));
            }
            case SUBSCRIBE -> throw new IllegalArgumentException("SUBSCRIBE is answered by an EventStream");
            case UNKNOWN -> throw CallRejected.notImplemented("Call type 'UNKNOWN' is not implemented");
            default -> throw CallRejected.notImplemented(
                    "Call type '" + call.getType().name() + "' is not implemented by this master");
        }
        return response.build();
    }

    /** The leading master's metrics, by name, with {@code master/elected} at 1. */
    public static Map<String, Number> leaderMetrics(ResourceManager manager) {
        Map<String, Number> metrics = new TreeMap<>();
        manager.metrics().forEach((name, value) -> {
            if (name != null && value != null) {
                metrics.put(name, value);
            }
        });
        metrics.put(ELECTED_METRIC, 1);
        return metrics;
    }
}

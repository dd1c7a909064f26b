package io.plinth.mesos.api;

import java.util.List;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * The leading master's state, read-only, in the Mesos v1 operator API's own types. Registered as an
 * OSGi service only on the master that currently leads (and withdrawn when it stops leading), so a
 * consumer that finds no service asks the {@code LeaderDetector} for the leader's address instead.
 *
 * <p>Every method returns an immutable snapshot; they may be called from any thread.
 */
public interface ResourceManager {

    /** This master: id, address, hostname, version. */
    MasterInfo masterInfo();

    /** When this master process started, in epoch milliseconds. */
    long startTimeMillis();

    /** When this master became leader, in epoch milliseconds. */
    long electedTimeMillis();

    /**
     * The whole state as the operator API's GET_STATE answers it: agents (with total, allocated and
     * offered resources), frameworks (active, inactive, completed), tasks (pending, running,
     * completed, unreachable, orphaned) and executors.
     */
    Response.GetState state();

    /** Roles with their weights and allocated resources, as GET_ROLES answers it. */
    Response.GetRoles roles();

    /** Offers currently outstanding (sent to a framework, neither accepted, declined nor rescinded). */
    List<Offer> outstandingOffers();

    /**
     * Follows the operator event stream. The listener first receives {@code SUBSCRIBED} with the full
     * state, then {@code TASK_ADDED}, {@code TASK_UPDATED}, {@code AGENT_ADDED}, {@code AGENT_REMOVED},
     * {@code FRAMEWORK_ADDED}, {@code FRAMEWORK_UPDATED}, {@code FRAMEWORK_REMOVED} in the order the
     * master applied them. It is called on the master's own thread: it must hand events off, never
     * block. The stream ends (the returned handle is closed for the caller) when this master stops
     * leading.
     *
     * @return a handle that stops delivery when closed; closing twice is harmless
     */
    AutoCloseable subscribe(Consumer<Event> listener);

    /**
     * Counters and gauges in Mesos' {@code /metrics/snapshot} naming ({@code master/tasks_running},
     * {@code master/cpus_total}, {@code allocator/...}); values are numbers.
     */
    java.util.Map<String, Number> metrics();
}

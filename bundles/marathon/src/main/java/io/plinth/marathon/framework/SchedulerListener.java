package io.plinth.marathon.framework;

import java.util.List;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * What a {@link SchedulerClient} hears from the resource manager.
 *
 * <p>Every method is called from the client's single reader thread, in stream order, never
 * concurrently. An implementation must return quickly (hand work to its own executor) because the
 * stream is not read while a callback runs; a callback that throws is logged and the stream goes on.
 *
 * <p>Per subscription the order is: {@link #subscribed} first, then any mix of {@link #offers},
 * {@link #rescinded}, {@link #update}, {@link #failure} and {@link #error}, then {@link #disconnected}
 * once. {@link #frameworkRemoved} may come between subscriptions.
 */
public interface SchedulerListener {

    /**
     * The master accepted SUBSCRIBE. From now on calls are sent; calls made before were dropped, so
     * this is the moment to reconcile tasks and revive offers. The id is the one to persist: it is new
     * on a first subscription and the known one on a re-subscription.
     */
    void subscribed(String frameworkId, double heartbeatIntervalSeconds);

    /** New offers. They stay valid until accepted, declined or {@link #rescinded}. */
    void offers(List<Offer> offers);

    /** The master took an offer back; accepting it would fail. */
    void rescinded(String offerId);

    /**
     * A task status. If it carries a uuid the master resends it until {@link SchedulerClient#acknowledge}
     * is called for it; the client never acknowledges on its own.
     */
    void update(TaskStatus status);

    /** An agent or an executor was lost (Mesos' FAILURE event). Task updates follow separately. */
    void failure(Event.Failure failure);

    /**
     * The master sent an ERROR event (for example "Framework failed over" when another scheduler
     * subscribed with this framework id). The master ends the stream after it; the client
     * re-subscribes after a backoff.
     */
    void error(String message);

    /**
     * The master removed the framework (torn down, failover timeout expired) and will not take its id
     * again. The client has forgotten the id and subscribes as a new framework next; every task of
     * the removed framework is gone.
     */
    void frameworkRemoved(String frameworkId, String message);

    /**
     * The stream that a {@link #subscribed} opened ended or broke. Offers of it are void. The client
     * re-subscribes by itself.
     */
    void disconnected();
}

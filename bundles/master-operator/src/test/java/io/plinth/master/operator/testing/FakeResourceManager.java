package io.plinth.master.operator.testing;

import io.plinth.mesos.api.ResourceManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response.GetRoles;
import org.apache.mesos.v1.master.Protos.Response.GetState;

/**
 * A leading master made of {@link Fixtures}. Subscribers get SUBSCRIBED with the state at once (as the
 * contract says), then whatever {@link #publish} sends; {@link #failing} makes every read throw.
 */
public class FakeResourceManager implements ResourceManager {

    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger closedSubscriptions = new AtomicInteger();
    private final AtomicBoolean failing = new AtomicBoolean();
    private volatile double subscribedHeartbeatSeconds;

    @Override
    public MasterInfo masterInfo() {
        check();
        return Fixtures.master();
    }

    @Override
    public long startTimeMillis() {
        return Fixtures.START_MILLIS;
    }

    @Override
    public long electedTimeMillis() {
        return Fixtures.ELECTED_MILLIS;
    }

    @Override
    public GetState state() {
        check();
        return Fixtures.state();
    }

    @Override
    public GetRoles roles() {
        check();
        return Fixtures.roles();
    }

    @Override
    public List<Offer> outstandingOffers() {
        check();
        return Fixtures.outstandingOffers();
    }

    @Override
    public AutoCloseable subscribe(Consumer<Event> listener) {
        check();
        Event.Subscribed.Builder subscribed = Event.Subscribed.newBuilder().setGetState(Fixtures.state());
        if (subscribedHeartbeatSeconds > 0) {
            subscribed.setHeartbeatIntervalSeconds(subscribedHeartbeatSeconds);
        }
        listener.accept(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(subscribed).build());
        listeners.add(listener);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                listeners.remove(listener);
                closedSubscriptions.incrementAndGet();
            }
        };
    }

    @Override
    public Map<String, Number> metrics() {
        check();
        return Fixtures.metrics();
    }

    /** Sends an event to every subscriber, on the caller's thread, as the master does on its own. */
    public void publish(Event event) {
        listeners.forEach(listener -> listener.accept(event));
    }

    public int subscribers() {
        return listeners.size();
    }

    public int closedSubscriptions() {
        return closedSubscriptions.get();
    }

    /** Makes SUBSCRIBED state its own heartbeat interval. */
    public void subscribedHeartbeatSeconds(double seconds) {
        subscribedHeartbeatSeconds = seconds;
    }

    /** From now on every read fails, as when the master stops leading in the middle of a request. */
    public void failing() {
        failing.set(true);
    }

    private void check() {
        if (failing.get()) {
            throw new IllegalStateException("no longer leading");
        }
    }
}

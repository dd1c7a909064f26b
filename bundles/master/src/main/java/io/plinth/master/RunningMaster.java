package io.plinth.master;

import io.plinth.master.core.Master;
import io.plinth.mesos.api.ResourceManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leading master while it leads: the {@link Master} core confined to one thread, which runs
 * calls from HTTP threads and the timers. Also the {@link ResourceManager} service of this term.
 */
public final class RunningMaster implements ResourceManager {

    private static final Logger LOG = LoggerFactory.getLogger(RunningMaster.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Master master;
    private final ScheduledExecutorService thread;
    private final long startTimeMillis;

    RunningMaster(Master master, ScheduledExecutorService thread, long startTimeMillis) {
        this.master = master;
        this.thread = thread;
        this.startTimeMillis = startTimeMillis;
    }

    /** Runs {@code work} on the master thread and waits for its answer. */
    public <T> T call(Function<Master, T> work) {
        CompletableFuture<T> result = CompletableFuture.supplyAsync(() -> work.apply(master), thread);
        try {
            return result.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the master", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the master did not answer within " + CALL_TIMEOUT, e);
        }
    }

    /** Runs {@code work} on the master thread later; failures are logged. */
    public void tell(Consumer<Master> work) {
        try {
            thread.execute(() -> {
                try {
                    work.accept(master);
                } catch (RuntimeException e) {
                    LOG.warn("Master work failed", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // this term is over; the caller's stream is being closed anyway
        }
    }

    @Override
    public MasterInfo masterInfo() {
        return master.masterInfo();
    }

    @Override
    public long startTimeMillis() {
        return startTimeMillis;
    }

    @Override
    public long electedTimeMillis() {
        return master.electedAt().toEpochMilli();
    }

    @Override
    public Response.GetState state() {
        return call(Master::state);
    }

    @Override
    public Response.GetRoles roles() {
        return call(Master::roles);
    }

    @Override
    public List<Offer> outstandingOffers() {
        return call(Master::outstandingOffers);
    }

    @Override
    public AutoCloseable subscribe(Consumer<Event> listener) {
        AutoCloseable handle = call(m -> m.subscribeOperator(listener));
        return () -> tell(m -> {
            try {
                handle.close();
            } catch (Exception e) {
                LOG.debug("closing an operator subscription", e);
            }
        });
    }

    @Override
    public Map<String, Number> metrics() {
        return call(Master::metrics);
    }
}

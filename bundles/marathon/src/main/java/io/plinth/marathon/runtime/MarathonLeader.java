package io.plinth.marathon.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.ClusterSingleton;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.StateStore;
import io.plinth.marathon.api.ConstraintOperator;
import io.plinth.marathon.api.EventStream;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.core.Effects;
import io.plinth.marathon.core.SchedulerCore;
import io.plinth.marathon.framework.SchedulerClient;
import io.plinth.marathon.framework.SchedulerListener;
import io.plinth.marathon.framework.SchedulerSettings;
import io.plinth.marathon.health.HealthCheckRunner;
import io.plinth.marathon.health.Probe;
import io.plinth.marathon.match.OfferMatcher;
import io.plinth.marathon.model.AppParser;
import io.plinth.marathon.model.GroupParser;
import io.plinth.marathon.model.ServicePorts;
import io.plinth.marathon.store.StateStoreMarathonStore;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The init scheduler's leader-only work (a cluster singleton of group {@value Marathon#GROUP}). On
 * {@link #start()} it builds a {@link SchedulerCore} on its own thread, recovers the state from the
 * store, subscribes to the resource manager as framework {@code marathon} and publishes the
 * {@link Marathon} service; {@link #stop()} undoes all of it. Nothing it runs survives a stop, so a
 * later start (this node elected again) begins from the store like any new leader.
 */
public final class MarathonLeader implements ClusterSingleton {

    private static final Logger LOG = LoggerFactory.getLogger(MarathonLeader.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final LeaderSettings settings;
    private final StateStore stateStore;
    private final LeaderDetector detector;
    private final EventStream events;
    private final ObjectMapper mapper;
    private final Function<String, Optional<ConstraintOperator>> operators;
    private final BundleContext context;
    private final Runnable abdicate;
    private Running running;

    public MarathonLeader(LeaderSettings settings, StateStore stateStore, LeaderDetector detector, EventStream events,
                          ObjectMapper mapper, Function<String, Optional<ConstraintOperator>> operators,
                          BundleContext context, Runnable abdicate) {
        this.settings = settings;
        this.stateStore = stateStore;
        this.detector = detector;
        this.events = events;
        this.mapper = mapper;
        this.operators = operators;
        this.context = context;
        this.abdicate = abdicate;
    }

    @Override
    public synchronized void start() {
        if (running == null) {
            running = new Running();
            LOG.info("This node now leads the init scheduler");
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.close();
            running = null;
            LOG.info("This node no longer leads the init scheduler");
        }
    }

    /** Everything that exists while this node leads. */
    private final class Running implements Effects, SchedulerListener, AutoCloseable {
        private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, daemon("plinth-marathon-health"));
        private final ExecutorService writers = Executors.newFixedThreadPool(32, daemon("plinth-marathon-store"));
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        private final SchedulerThread thread;
        private final SchedulerClient client;
        private final HealthCheckRunner health;
        private volatile ServiceRegistration<Marathon> registration;

        Running() {
            StateStoreMarathonStore store = new StateStoreMarathonStore(stateStore, writers, settings.maxVersions());
            AppParser appParser = new AppParser(name -> operators.apply(name).isPresent(),
                    (name, constraint) -> operators.apply(name).flatMap(op -> op.validate(constraint.get(0),
                            constraint.size() > 2 ? Optional.ofNullable(constraint.get(2)) : Optional.empty())));
            OfferMatcher matcher = new OfferMatcher(operators, settings.defaultAcceptedRoles(), settings.role(), UUID::randomUUID);
            SchedulerCore core = new SchedulerCore(Clock.systemUTC(), store, this, matcher, appParser,
                    new GroupParser(appParser), new ServicePorts(settings.servicePortsFrom(), settings.servicePortsTo()),
                    UUID::randomUUID, mapper, events::publish, events::hasSubscribers);
            thread = new SchedulerThread(core, CALL_TIMEOUT, abdicate);
            health = new HealthCheckRunner(timers, Probe.standard(timers), Clock.systemUTC(),
                    report -> thread.post(c -> c.health(report)));
            Optional<String> frameworkId = thread.call(c -> {
                c.recover();
                return c.frameworkId();
            });
            client = new SchedulerClient(new SchedulerSettings(settings.frameworkName(), settings.user(),
                    List.of(settings.role()), settings.failoverTimeoutSeconds(), null, settings.webuiUrl(),
                    Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(10)),
                    detector, http, this, frameworkId);
            client.start();
            timers.scheduleWithFixedDelay(() -> thread.post(SchedulerCore::tick), 1, 1, TimeUnit.SECONDS);
            registration = context.registerService(Marathon.class, new MarathonService(thread, abdicate), new Hashtable<>());
        }

        @Override
        public void close() {
            ServiceRegistration<Marathon> r = registration;
            registration = null;
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // gone with the bundle
                }
            }
            client.close();
            health.close();
            thread.close();
            timers.shutdownNow();
            writers.shutdownNow();
        }

        // ---- SchedulerListener: the resource manager's events, onto the core's thread

        @Override
        public void subscribed(String frameworkId, double heartbeatIntervalSeconds) {
            thread.post(c -> c.subscribed(frameworkId));
        }

        @Override
        public void offers(List<Offer> offers) {
            thread.post(c -> c.offers(offers));
        }

        @Override
        public void rescinded(String offerId) {
            thread.post(c -> c.rescinded(offerId));
        }

        @Override
        public void update(TaskStatus status) {
            thread.post(c -> c.update(status));
        }

        @Override
        public void failure(Event.Failure failure) {
            // task updates of the lost agent's tasks follow separately
        }

        @Override
        public void error(String message) {
            LOG.warn("The resource manager reported an error to the init scheduler: {}", message);
        }

        @Override
        public void frameworkRemoved(String frameworkId, String message) {
            LOG.warn("The resource manager removed framework {} ({}): its tasks are gone", frameworkId, message);
        }

        @Override
        public void disconnected() {
            // the client re-subscribes; offers of the old stream are void and were never held
        }

        // ---- Effects: the core's requests, to the resource manager and the health checker

        @Override
        public void launch(String offerId, List<TaskInfo> tasks) {
            client.launch(List.of(offerId), tasks, 5);
        }

        @Override
        public void decline(List<String> offerIds, double refuseSeconds) {
            client.decline(offerIds, refuseSeconds);
        }

        @Override
        public void kill(String taskId, String agentId, Optional<Duration> gracePeriod) {
            client.kill(taskId, agentId, gracePeriod);
        }

        @Override
        public void acknowledge(TaskStatus status) {
            client.acknowledge(status);
        }

        @Override
        public void reconcile(List<Call.Reconcile.Task> tasks) {
            client.reconcile(tasks);
        }

        @Override
        public void revive() {
            client.revive();
        }

        @Override
        public void suppress() {
            client.suppress();
        }

        @Override
        public void watchHealth(String taskId, String host, List<Integer> hostPorts, List<HealthCheck> checks) {
            health.watch(taskId, host, hostPorts, checks);
        }

        @Override
        public void unwatchHealth(String taskId) {
            health.unwatch(taskId);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

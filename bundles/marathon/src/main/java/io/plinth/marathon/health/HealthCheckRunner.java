package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the Marathon-side health checks (HTTP, HTTPS, TCP) of running tasks and hands every outcome to
 * a consumer; the scheduler folds them with {@link HealthTracker} and decides about kills.
 *
 * <p>The scheduler calls {@link #watch} when a task is running and {@link #unwatch} when it is gone
 * (or leadership is lost: {@link #close}); any thread may call them. Each check of a watched task is
 * probed after the runner's first delay (none by default: Marathon checks at once), then every
 * {@code intervalSeconds}; a probe still running when the next one is due makes that one be skipped,
 * so a check never has two probes in flight. Agent-side checks ({@code MESOS_*}, {@code COMMAND})
 * are not run here: their outcomes come with Mesos status updates.
 *
 * <p>Reports arrive on the scheduler's thread or on a probe's completion thread, possibly concurrently
 * for different checks, never concurrently for the same check. Outcomes completing after
 * {@code unwatch}/{@code close} are dropped; one already being delivered when they are called may still
 * arrive, so the consumer must ignore reports for tasks it no longer knows. A consumer that throws is
 * logged and keeps receiving reports. The scheduler executor belongs to the caller, who shuts it down.
 */
public final class HealthCheckRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckRunner.class);
    private static final Set<String> MARATHON_SIDE = Set.of("HTTP", "HTTPS", "TCP");

    private final ScheduledExecutorService scheduler;
    private final Map<String, Probe> probesByProtocol;
    private final Clock clock;
    private final Consumer<HealthReport> reports;
    private final Duration firstDelay;
    private final Object lock = new Object();

    // guarded by lock
    private final Map<String, List<CheckLoop>> watched = new HashMap<>();
    private boolean closed;

    /** A runner that probes each check as soon as its task is watched, as Marathon does. */
    public HealthCheckRunner(ScheduledExecutorService scheduler, Map<String, Probe> probesByProtocol, Clock clock,
                             Consumer<HealthReport> reports) {
        this(scheduler, probesByProtocol, clock, reports, Duration.ZERO);
    }

    /**
     * @param probesByProtocol a probe for each of {@code HTTP}, {@code HTTPS} and {@code TCP}, e.g.
     *                         {@link Probe#standard}
     * @param firstDelay       how long after {@code watch} each check is first probed
     */
    public HealthCheckRunner(ScheduledExecutorService scheduler, Map<String, Probe> probesByProtocol, Clock clock,
                             Consumer<HealthReport> reports, Duration firstDelay) {
        for (String protocol : MARATHON_SIDE) {
            if (probesByProtocol.get(protocol) == null) {
                throw new IllegalArgumentException("no probe for protocol " + protocol);
            }
        }
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("firstDelay must not be negative, was " + firstDelay);
        }
        this.scheduler = scheduler;
        this.probesByProtocol = Map.copyOf(probesByProtocol);
        this.clock = clock;
        this.reports = reports;
        this.firstDelay = firstDelay;
    }

    /**
     * Starts probing the Marathon-side checks of a task. The port of a check is its {@code port} if set,
     * else {@code hostPorts.get(portIndex)} (index 0 when unset); a check whose port cannot be resolved
     * fails at every interval with a cause saying so. Report indexes are positions in {@code checks}.
     *
     * @return false, changing nothing, when the task is already watched or the runner is closed
     */
    public boolean watch(String taskId, String host, List<Integer> hostPorts, List<HealthCheck> checks) {
        List<CheckLoop> loops = new ArrayList<>();
        for (int index = 0; index < checks.size(); index++) {
            HealthCheck check = checks.get(index);
            if (check.protocol() != null && MARATHON_SIDE.contains(check.protocol())) {
                loops.add(new CheckLoop(taskId, index, check, host, hostPorts, probesByProtocol.get(check.protocol())));
            }
        }
        synchronized (lock) {
            if (closed || watched.containsKey(taskId)) {
                return false;
            }
            try {
                loops.forEach(CheckLoop::start);
            } catch (RuntimeException e) {
                loops.forEach(CheckLoop::cancel);
                throw e;
            }
            watched.put(taskId, loops);
            return true;
        }
    }

    /** Stops probing a task's checks; false when it was not watched. */
    public boolean unwatch(String taskId) {
        List<CheckLoop> loops;
        synchronized (lock) {
            loops = watched.remove(taskId);
        }
        if (loops == null) {
            return false;
        }
        loops.forEach(CheckLoop::cancel);
        return true;
    }

    /** The ids of the tasks being watched, as a snapshot. */
    public Set<String> watching() {
        synchronized (lock) {
            return Set.copyOf(watched.keySet());
        }
    }

    /** Stops every check; later {@code watch} calls do nothing. Safe to call twice. */
    @Override
    public void close() {
        List<List<CheckLoop>> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(watched.values());
            watched.clear();
        }
        all.forEach(loops -> loops.forEach(CheckLoop::cancel));
    }

    /** The periodic probing of one check of one task. */
    private final class CheckLoop {

        private final String taskId;
        private final int index;
        private final HealthCheck check;
        private final String host;
        private final Integer port;
        private final String portProblem;
        private final Probe probe;
        private final AtomicBoolean inFlight = new AtomicBoolean();
        private volatile boolean cancelled;
        private volatile ScheduledFuture<?> schedule;

        CheckLoop(String taskId, int index, HealthCheck check, String host, List<Integer> hostPorts, Probe probe) {
            this.taskId = taskId;
            this.index = index;
            this.check = check;
            this.host = host;
            this.probe = probe;
            if (check.port() != null) {
                this.port = check.port();
                this.portProblem = null;
            } else {
                int portIndex = check.portIndex() == null ? 0 : check.portIndex();
                boolean known = portIndex >= 0 && portIndex < hostPorts.size() && hostPorts.get(portIndex) != null;
                this.port = known ? hostPorts.get(portIndex) : null;
                this.portProblem = known ? null
                        : "no host port at portIndex " + portIndex + " (the task has " + hostPorts.size() + ")";
            }
        }

        void start() {
            long interval = TimeUnit.SECONDS.toNanos(check.intervalSeconds() > 0
                    ? check.intervalSeconds() : HealthCheck.DEFAULT_INTERVAL_SECONDS);
            schedule = scheduler.scheduleAtFixedRate(this::tick, firstDelay.toNanos(), interval, TimeUnit.NANOSECONDS);
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> current = schedule;
            if (current != null) {
                current.cancel(false);
            }
        }

        // Must never throw: an exception would silently end scheduleAtFixedRate's repetitions.
        private void tick() {
            if (cancelled || !inFlight.compareAndSet(false, true)) {
                if (!cancelled) {
                    LOG.debug("Task {} check {}: previous probe still running, skipping this one", taskId, index);
                }
                return;
            }
            CompletableFuture<Optional<ProbeOutcome>> outcome;
            if (port == null) {
                outcome = CompletableFuture.completedFuture(Optional.of(ProbeOutcome.fail(portProblem)));
            } else {
                try {
                    outcome = probe.probe(host, port, check);
                } catch (RuntimeException e) {
                    outcome = CompletableFuture.failedFuture(e);
                }
            }
            if (outcome == null) {
                outcome = CompletableFuture.failedFuture(new IllegalStateException("probe returned no future"));
            }
            outcome.whenComplete(this::finish);
        }

        private void finish(Optional<ProbeOutcome> result, Throwable failure) {
            try {
                if (cancelled) {
                    return;
                }
                Optional<ProbeOutcome> outcome = failure != null
                        ? Optional.of(ProbeOutcome.fail(Failures.describe(failure, Failures.timeoutSeconds(check))))
                        : result != null ? result : Optional.of(ProbeOutcome.fail("probe gave no outcome"));
                if (outcome.isEmpty()) {
                    LOG.debug("Task {} check {}: no result (ignored 1xx)", taskId, index);
                    return;
                }
                Instant at = clock.instant();
                HealthReport report = new HealthReport(taskId, index, outcome.get().passed(), outcome.get().cause(), at);
                try {
                    reports.accept(report);
                } catch (RuntimeException e) {
                    LOG.warn("Health report consumer failed on {}", report, e);
                }
            } finally {
                inFlight.set(false);
            }
        }
    }
}

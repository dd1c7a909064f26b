package io.plinth.agent.process.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task's {@code TaskInfo.health_check} with Mesos' semantics and tells a {@link HealthListener}
 * what it concludes.
 *
 * <p>Life: constructed (validates, nothing runs) → {@link #start()} (first check after
 * {@code delay_seconds}, each next one {@code interval_seconds} after the previous one ended) → stopped,
 * either by {@link #close()} or by reaching {@code consecutive_failures}.
 *
 * <p>Verdicts: a failure before the first success and less than {@code grace_period_seconds} (by the
 * injected clock) after {@code start()} is ignored. Every other result counts: the first counted result
 * and every flip of healthy/unhealthy go to {@link HealthListener#healthChanged}; a success resets the
 * count of failures in a row; when that count reaches {@code consecutive_failures} (unless it is 0, which
 * means never) the checker stops and calls {@link HealthListener#failedTooOften} once.
 *
 * <p>Threads: {@code timer} only schedules; checks and listener calls run on {@code blocking}, at most
 * one check at a time per checker. Both executors belong to the caller and are never shut down here.
 * All methods are thread-safe. Listener calls are made holding this checker's lock, which is how
 * {@code close()} guarantees none happens after it returns.
 */
public final class HealthChecker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

    private final CheckSettings settings;
    private final String description;
    private final Probe probe;
    private final ScheduledExecutorService timer;
    private final ExecutorService blocking;
    private final Clock clock;
    private final HealthListener listener;
    private final Object lock = new Object();

    // guarded by lock
    private boolean started;
    private boolean stopped;
    private Instant startedAt;
    private ScheduledFuture<?> nextCheck;
    private Future<?> runningCheck;
    private boolean succeededOnce;
    private int failuresInARow;
    private Boolean reportedHealthy;

    /**
     * Validates {@code check} (see {@link #validate}) and prepares the checker; nothing runs before
     * {@link #start()}.
     *
     * @throws IllegalArgumentException if the check is invalid, or is a COMMAND check and the target has
     *                                  no sandbox
     */
    public HealthChecker(HealthCheck check, HealthTarget target, ScheduledExecutorService timer,
                         ExecutorService blocking, Clock clock, HealthListener listener) {
        this.settings = CheckSettings.of(check);
        Objects.requireNonNull(target, "target");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.probe = switch (settings.type()) {
            case HTTP -> new HttpProbe(check.getHttp(), target.host(), settings.timeout());
            case TCP -> new TcpProbe(target.host(), check.getTcp().getPort(), settings.timeout());
            case COMMAND -> {
                if (target.sandbox() == null) {
                    throw new IllegalArgumentException("target.sandbox is required for a COMMAND health check");
                }
                yield new CommandProbe(check.getCommand(), target.environment(), target.sandbox(), settings.timeout());
            }
            default -> throw new AssertionError(settings.type());
        };
        this.description = settings.type() + " health check of " + target.host();
    }

    /**
     * Checks {@code check} as the constructor would, for callers that want to refuse a task up front.
     *
     * @throws IllegalArgumentException naming every offending field (by its proto name), e.g. a missing
     *                                  {@code http.port}, an unsupported {@code type} or a negative
     *                                  {@code interval_seconds}
     */
    public static void validate(HealthCheck check) throws IllegalArgumentException {
        CheckSettings.of(check);
    }

    /**
     * Starts checking: the first check after {@code delay_seconds}; the grace period counts from now.
     * Does nothing after {@link #close()}.
     *
     * @throws IllegalStateException if already started
     */
    public void start() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            if (started) {
                throw new IllegalStateException(description + " already started");
            }
            started = true;
            startedAt = clock.instant();
            LOG.debug("Starting {}: {}", description, settings);
            scheduleCheck(settings.delay());
        }
    }

    /**
     * Stops checking and aborts a check in flight (a COMMAND check's whole process tree is killed).
     * Waits for a listener call in progress on another thread; once this returns the listener is not
     * called again. Safe to call twice, before {@code start()}, and from within the listener.
     */
    @Override
    public void close() {
        synchronized (lock) {
            stop();
        }
    }

    // Called holding lock.
    private void scheduleCheck(Duration after) {
        try {
            nextCheck = timer.schedule(this::dispatchCheck, after.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warn("{} stops: its timer refuses work", description);
            stop();
        }
    }

    /** On the timer: only hands the check over, so a slow check never holds up other timers. */
    private void dispatchCheck() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            try {
                runningCheck = blocking.submit(this::runCheck);
            } catch (RejectedExecutionException e) {
                if (blocking.isShutdown()) {
                    LOG.warn("{} stops: its executor is shut down", description);
                    stop();
                } else {
                    // A saturated executor is a passing condition; missing one check is not a verdict.
                    LOG.warn("{} skipped a check: its executor is saturated", description);
                    scheduleCheck(settings.interval());
                }
            }
        }
    }

    /** On a blocking thread. */
    private void runCheck() {
        Probe.Result result;
        try {
            result = probe.check();
        } catch (RuntimeException e) {
            // A probe should never throw; if one does, the task is not to be blamed for a healthy verdict.
            LOG.warn("{} failed unexpectedly", description, e);
            result = Probe.Result.unhealthy("health check failed unexpectedly: " + Probe.describe(e));
        }
        synchronized (lock) {
            if (stopped) {
                return;
            }
            judge(result);
            if (!stopped) {
                // Measured from the end of this check, so a slow task is never checked twice at once.
                scheduleCheck(settings.interval());
            }
        }
    }

    // Called holding lock.
    private void judge(Probe.Result result) {
        if (result.healthy()) {
            succeededOnce = true;
            failuresInARow = 0;
            report(true, result.detail());
            return;
        }
        Duration sinceStart = Duration.between(startedAt, clock.instant());
        if (!succeededOnce && sinceStart.compareTo(settings.gracePeriod()) < 0) {
            LOG.debug("{}: ignoring a failure within the grace period: {}", description, result.detail());
            return;
        }
        failuresInARow++;
        report(false, result.detail());
        int limit = settings.consecutiveFailures();
        if (limit > 0 && failuresInARow >= limit && !stopped) {
            stop();
            LOG.info("{} failed {} times in a row, giving up: {}", description, failuresInARow, result.detail());
            try {
                listener.failedTooOften(failuresInARow, result.detail());
            } catch (RuntimeException e) {
                LOG.warn("Listener of {} threw on failedTooOften", description, e);
            }
        }
    }

    // Called holding lock.
    private void report(boolean healthy, String detail) {
        if (stopped || reportedHealthy != null && reportedHealthy == healthy) {
            return;
        }
        reportedHealthy = healthy;
        LOG.info("{} is {}: {}", description, healthy ? "healthy" : "unhealthy", detail);
        try {
            listener.healthChanged(healthy, detail);
        } catch (RuntimeException e) {
            LOG.warn("Listener of {} threw on healthChanged", description, e);
        }
    }

    // Called holding lock.
    private void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (nextCheck != null) {
            nextCheck.cancel(false);
        }
        if (runningCheck != null) {
            // Not interrupting: the thread is the caller's; the probe aborts its own work below.
            runningCheck.cancel(false);
        }
        probe.close();
    }

    @Override
    public String toString() {
        return description;
    }
}

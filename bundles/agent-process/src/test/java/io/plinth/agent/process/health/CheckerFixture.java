package io.plinth.agent.process.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.AfterEach;

/** Executors, a listener and checker bookkeeping shared by the checker tests; all torn down after each test. */
abstract class CheckerFixture {

    static final String TIMER_THREAD = "test-health-timer";
    static final String BLOCKING_THREAD = "test-health-blocking-";

    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, TIMER_THREAD));
    private final AtomicInteger blockingThreads = new AtomicInteger();
    final ExecutorService blocking = Executors.newCachedThreadPool(
            r -> new Thread(r, BLOCKING_THREAD + blockingThreads.incrementAndGet()));
    final RecordingListener listener = new RecordingListener();
    private final List<HealthChecker> checkers = new ArrayList<>();

    /** Checks at once and then every 0.1 s, 1 s timeout, no grace, never gives up. */
    static HealthCheck.Builder fast() {
        return HealthCheck.newBuilder()
                .setDelaySeconds(0)
                .setIntervalSeconds(0.1)
                .setTimeoutSeconds(1)
                .setGracePeriodSeconds(0)
                .setConsecutiveFailures(0);
    }

    static HealthTarget loopback() {
        return new HealthTarget("127.0.0.1", Map.of(), null);
    }

    HealthChecker started(HealthCheck check, HealthTarget target) {
        return started(check, target, Clock.systemUTC());
    }

    HealthChecker started(HealthCheck check, HealthTarget target, Clock clock) {
        HealthChecker checker = new HealthChecker(check, target, timer, blocking, clock, listener);
        synchronized (checkers) {
            checkers.add(checker);
        }
        checker.start();
        return checker;
    }

    static HealthTarget sandboxed(Path sandbox, Map<String, String> environment) {
        return new HealthTarget("127.0.0.1", environment, sandbox);
    }

    /** The promises every test gets checked for free. */
    void assertThreadingPromisesKept() {
        assertFalse(listener.overlapped(), "listener calls overlapped");
        for (RecordingListener.Call call : listener.calls) {
            assertTrue(call.thread().startsWith(BLOCKING_THREAD), "listener called on " + call.thread());
        }
    }

    @AfterEach
    void closeCheckersAndExecutors() throws InterruptedException {
        synchronized (checkers) {
            checkers.forEach(HealthChecker::close);
        }
        timer.shutdownNow();
        blocking.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        blocking.awaitTermination(5, TimeUnit.SECONDS);
    }
}

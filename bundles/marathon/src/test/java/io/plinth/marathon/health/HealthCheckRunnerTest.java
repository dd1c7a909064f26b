package io.plinth.marathon.health;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.HealthCheckResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthCheckRunnerTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
    private static final Duration SHORT = Duration.ofSeconds(5);

    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<HealthReport> reports = new CopyOnWriteArrayList<>();
    private HealthCheckRunner runner;

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.close();
        }
        scheduler.shutdownNow();
    }

    private HealthCheckRunner runner(Probe probe) {
        return runner(probe, reports::add);
    }

    private HealthCheckRunner runner(Probe probe, Consumer<HealthReport> consumer) {
        runner = new HealthCheckRunner(scheduler, Map.of("HTTP", probe, "HTTPS", probe, "TCP", probe), clock, consumer);
        return runner;
    }

    private static HealthCheck everySecond(String protocol) {
        return Checks.timed(protocol, "/", 1, 20, false);
    }

    @Test
    void probesAtOnceThenEveryInterval() {
        FakeProbe probe = FakeProbe.passing();
        assertTrue(runner(probe).watch("t1", "10.0.0.5", List.of(31000), List.of(everySecond("HTTP"))));

        await().atMost(Duration.ofMillis(900)).until(() -> reports.size() >= 1);
        await().atMost(SHORT).until(() -> reports.size() >= 3);
        for (HealthReport report : reports) {
            assertEquals(new HealthReport("t1", 0, true, null, NOW), report);
        }
        assertEquals("10.0.0.5", probe.calls.get(0).host());
        assertEquals(31000, probe.calls.get(0).port());
        assertEquals(Set.of("t1"), runner.watching());
    }

    @Test
    void theFirstDelayIsAParameter() {
        FakeProbe probe = FakeProbe.passing();
        runner = new HealthCheckRunner(scheduler, Map.of("HTTP", probe, "HTTPS", probe, "TCP", probe), clock,
                reports::add, Duration.ofSeconds(2));
        runner.watch("t1", "h", List.of(1), List.of(everySecond("TCP")));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofMillis(1900)).until(reports::isEmpty);
        await().atMost(SHORT).until(() -> !reports.isEmpty());
    }

    @Test
    void agentSideChecksAreSkippedAndIndexesArePositionsInTheList() {
        FakeProbe probe = FakeProbe.passing();
        List<HealthCheck> checks = List.of(everySecond("MESOS_HTTP"), everySecond("COMMAND"), everySecond("TCP"),
                everySecond("MESOS_TCP"), everySecond("HTTPS"));
        runner(probe).watch("t1", "h", List.of(1000), checks);

        await().atMost(SHORT).until(() -> reports.size() >= 4);
        assertEquals(Set.of(2, 4), Set.copyOf(reports.stream().map(HealthReport::checkIndex).toList()));
        assertEquals(Set.of("TCP", "HTTPS"), Set.copyOf(probe.calls.stream().map(c -> c.check().protocol()).toList()));
    }

    @Test
    void portsComeFromPortOrPortIndex() {
        FakeProbe probe = FakeProbe.passing();
        List<HealthCheck> checks = List.of(Checks.onPort("TCP", null, 9999), Checks.onPort("TCP", 1, null),
                Checks.onPort("TCP", null, null), Checks.onPort("TCP", 5, null));
        runner(probe).watch("t1", "h", List.of(1000, 2000), checks);

        await().atMost(SHORT).until(() -> Set.copyOf(reports.stream().map(HealthReport::checkIndex).toList()).size() == 4);
        assertEquals(Set.of(9999, 2000, 1000), Set.copyOf(probe.calls.stream().map(FakeProbe.Call::port).toList()));
        HealthReport unresolved = reports.stream().filter(r -> r.checkIndex() == 3).findFirst().orElseThrow();
        assertEquals(new HealthReport("t1", 3, false, "no host port at portIndex 5 (the task has 2)", NOW), unresolved);
    }

    @Test
    void unwatchStopsProbesAndDropsOutcomesArrivingLater() {
        FakeProbe probe = FakeProbe.pending();
        runner(probe).watch("t1", "h", List.of(1), List.of(everySecond("HTTP")));
        await().atMost(SHORT).until(() -> probe.calls.size() == 1);

        assertTrue(runner.unwatch("t1"));
        assertFalse(runner.unwatch("t1"));
        assertEquals(Set.of(), runner.watching());
        probe.calls.get(0).answer().complete(Optional.of(new ProbeOutcome(false, "HTTP 500")));

        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(3))
                .until(() -> probe.calls.size() == 1 && reports.isEmpty());
    }

    @Test
    void aProbeSlowerThanTheIntervalIsNeverOverlapped() {
        FakeProbe probe = FakeProbe.pending();
        runner(probe).watch("t1", "h", List.of(1), List.of(everySecond("HTTP")));
        await().atMost(SHORT).until(() -> probe.calls.size() == 1);

        // Two intervals pass with the first probe still running: no second probe starts.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(3)).until(() -> probe.calls.size() == 1);
        probe.calls.get(0).answer().complete(Optional.of(new ProbeOutcome(true, null)));
        await().atMost(SHORT).until(() -> probe.calls.size() == 2);
        assertEquals(List.of(new HealthReport("t1", 0, true, null, NOW)), reports);
    }

    @Test
    void noResultMeansNoReportButTheCheckGoesOn() {
        FakeProbe probe = new FakeProbe(() -> CompletableFuture.completedFuture(Optional.empty()));
        runner(probe).watch("t1", "h", List.of(1), List.of(everySecond("HTTP")));
        await().atMost(SHORT).until(() -> probe.calls.size() >= 2);
        assertEquals(List.of(), reports);
    }

    @Test
    void probeErrorsAreFailuresAndAThrowingConsumerKeepsGettingReports() {
        AtomicInteger delivered = new AtomicInteger();
        FakeProbe failing = new FakeProbe(() -> CompletableFuture.failedFuture(new IllegalStateException("boom")));
        runner(failing, report -> {
            reports.add(report);
            delivered.incrementAndGet();
            throw new IllegalStateException("consumer bug");
        }).watch("t1", "h", List.of(1), List.of(everySecond("HTTP")));

        await().atMost(SHORT).untilAtomic(delivered, greaterThanOrEqualTo(2));
        assertEquals(new HealthReport("t1", 0, false, "IllegalStateException: boom", NOW), reports.get(0));
    }

    @Test
    void aProbeThatThrowsIsAFailure() {
        Probe throwing = (host, port, check) -> {
            throw new IllegalArgumentException("bad host");
        };
        runner(throwing).watch("t1", "h", List.of(1), List.of(everySecond("HTTP")));
        await().atMost(SHORT).until(() -> reports.size() >= 2);
        assertEquals("IllegalArgumentException: bad host", reports.get(0).cause());
    }

    @Test
    void watchingTwiceOrAfterCloseChangesNothingAndCloseIsIdempotent() {
        FakeProbe probe = FakeProbe.pending();
        runner(probe);
        assertTrue(runner.watch("t1", "h", List.of(1), List.of(everySecond("HTTP"))));
        assertFalse(runner.watch("t1", "h", List.of(1), List.of(everySecond("HTTP"), everySecond("TCP"))));
        assertTrue(runner.watch("t2", "h", List.of(1), List.of(everySecond("MESOS_HTTP"))));
        assertEquals(Set.of("t1", "t2"), runner.watching());
        await().atMost(SHORT).until(() -> probe.calls.size() == 1);

        runner.close();
        runner.close();
        assertEquals(Set.of(), runner.watching());
        assertFalse(runner.watch("t3", "h", List.of(1), List.of(everySecond("HTTP"))));
        probe.calls.get(0).answer().complete(Optional.of(new ProbeOutcome(true, null)));
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(2))
                .until(() -> probe.calls.size() == 1 && reports.isEmpty());
    }

    @Test
    void everyProtocolNeedsAProbe() {
        FakeProbe probe = FakeProbe.passing();
        assertThrows(IllegalArgumentException.class,
                () -> new HealthCheckRunner(scheduler, Map.of("HTTP", probe, "TCP", probe), clock, reports::add));
    }

    /** The whole flow against a real server: runner -> reports -> tracker -> kill decision. */
    @Test
    void aFailingHttpTaskIsToBeKilledAfterMaxConsecutiveFailures() throws Exception {
        ExecutorService probes = Executors.newCachedThreadPool();
        try (TestHttpServer task = TestHttpServer.http()) {
            task.status.set(503);
            HealthCheck check = new HealthCheck("HTTP", "/health", 0, null, null, 0, 1, 2, 3, false, 15);
            AtomicInteger kills = new AtomicInteger();
            AtomicReference<HealthCheckResult> state = new AtomicReference<>(HealthTracker.initial("t1"));
            runner = new HealthCheckRunner(scheduler, Probe.standard(probes), Clock.systemUTC(), report -> {
                HealthCheckResult next = state.updateAndGet(previous ->
                        HealthTracker.apply(previous, check, report.passed(), report.cause(), report.at(), NOW));
                if (HealthTracker.shouldKill(next, check)) {
                    kills.incrementAndGet();
                }
            });
            runner.watch("t1", "127.0.0.1", List.of(task.port()), List.of(check));

            await().atMost(SHORT).untilAtomic(kills, greaterThanOrEqualTo(1));
            runner.unwatch("t1");
            HealthCheckResult result = state.get();
            assertTrue(result.consecutiveFailures() >= 3);
            assertEquals("HTTP 503", result.lastFailureCause());
            assertFalse(result.alive());
            assertTrue(task.uris.stream().allMatch("/health"::equals));
        } finally {
            probes.shutdownNow();
        }
    }
}

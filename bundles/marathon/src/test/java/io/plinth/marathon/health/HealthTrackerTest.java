package io.plinth.marathon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.HealthCheckResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthTrackerTest {

    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");
    private static final HealthCheck CHECK = Checks.withGraceAndMax(60, 3);

    private static Instant after(int seconds) {
        return STARTED.plusSeconds(seconds);
    }

    private static HealthCheckResult fail(HealthCheckResult previous, HealthCheck check, int atSecond) {
        return HealthTracker.apply(previous, check, false, "HTTP 503", after(atSecond), STARTED);
    }

    private static HealthCheckResult pass(HealthCheckResult previous, HealthCheck check, int atSecond) {
        return HealthTracker.apply(previous, check, true, null, after(atSecond), STARTED);
    }

    @Test
    void initialIsNotAliveWithoutFailuresOrTimestamps() {
        HealthCheckResult initial = HealthTracker.initial("t1");
        assertEquals(new HealthCheckResult(false, 0, null, null, null, null, "t1", null), initial);
    }

    @Test
    void failuresWithinTheGracePeriodBeforeAnySuccessAreIgnored() {
        HealthCheckResult initial = HealthTracker.initial("t1");
        HealthCheckResult result = fail(initial, CHECK, 10);
        assertSame(initial, result);
        result = fail(result, CHECK, 59);
        assertEquals(initial, result);
        assertFalse(result.alive());
        assertEquals(0, result.consecutiveFailures());
        assertNull(result.lastFailure());
    }

    @Test
    void failuresCountFromTheEndOfTheGracePeriod() {
        HealthCheckResult result = fail(HealthTracker.initial("t1"), CHECK, 60);
        assertEquals(1, result.consecutiveFailures());
        assertEquals(after(60).toString(), result.lastFailure());
        assertEquals("HTTP 503", result.lastFailureCause());
        assertFalse(result.alive());
    }

    @Test
    void failuresWithinTheGracePeriodCountOnceTheTaskHasPassed() {
        HealthCheckResult result = pass(HealthTracker.initial("t1"), CHECK, 5);
        result = fail(result, CHECK, 10);
        assertEquals(1, result.consecutiveFailures());
        assertFalse(result.alive());
        assertEquals(after(5).toString(), result.firstSuccess());
        assertEquals(after(10).toString(), result.lastFailure());
    }

    @Test
    void successResetsTheCountAndKeepsFirstSuccessAndLastFailure() {
        HealthCheckResult result = pass(HealthTracker.initial("t1"), CHECK, 61);
        result = fail(result, CHECK, 62);
        result = HealthTracker.apply(result, CHECK, false, "connection refused", after(63), STARTED);
        assertEquals(2, result.consecutiveFailures());
        assertEquals("connection refused", result.lastFailureCause());

        result = pass(result, CHECK, 64);
        assertTrue(result.alive());
        assertEquals(0, result.consecutiveFailures());
        assertEquals(after(61).toString(), result.firstSuccess());
        assertEquals(after(64).toString(), result.lastSuccess());
        assertEquals(after(63).toString(), result.lastFailure());
        assertEquals("connection refused", result.lastFailureCause());
        assertEquals("t1", result.taskId());
    }

    @Test
    void shouldKillOnceTheFailuresReachTheLimit() {
        HealthCheckResult result = HealthTracker.initial("t1");
        for (int i = 1; i <= 2; i++) {
            result = fail(result, CHECK, 60 + i);
            assertFalse(HealthTracker.shouldKill(result, CHECK), "after " + i + " failures");
        }
        result = fail(result, CHECK, 63);
        assertTrue(HealthTracker.shouldKill(result, CHECK));
        assertTrue(HealthTracker.shouldKill(fail(result, CHECK, 64), CHECK));
        assertFalse(HealthTracker.shouldKill(pass(result, CHECK, 65), CHECK));
    }

    @Test
    void zeroMaxConsecutiveFailuresNeverKills() {
        HealthCheck never = Checks.withGraceAndMax(0, 0);
        HealthCheckResult result = HealthTracker.initial("t1");
        for (int i = 0; i < 100; i++) {
            result = fail(result, never, i);
        }
        assertEquals(100, result.consecutiveFailures());
        assertFalse(HealthTracker.shouldKill(result, never));
    }

    @Test
    void oneFailureKillsWithLimitOne() {
        HealthCheck strict = Checks.withGraceAndMax(0, 1);
        HealthCheckResult result = fail(HealthTracker.initial("t1"), strict, 0);
        assertTrue(HealthTracker.shouldKill(result, strict));
    }
}

package io.plinth.marathon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.HealthCheckResult;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class HealthTrackerPropertiesTest {

    private static final Instant STARTED = Instant.parse("2024-05-01T10:00:00Z");

    /**
     * Outcomes one second apart from the task's start: the result matches a direct reading of the
     * sequence — failures before the first success and inside the grace period don't count, every
     * other failure since the last success does.
     */
    @Property
    void theResultIsADirectReadingOfTheOutcomes(@ForAll @Size(max = 40) List<Boolean> outcomes,
                                                @ForAll @IntRange(max = 30) int graceSeconds,
                                                @ForAll @IntRange(max = 5) int maxConsecutiveFailures) {
        HealthCheck check = Checks.withGraceAndMax(graceSeconds, maxConsecutiveFailures);
        HealthCheckResult result = HealthTracker.initial("t1");
        for (int second = 0; second < outcomes.size(); second++) {
            result = HealthTracker.apply(result, check, outcomes.get(second), "failed at " + second,
                    STARTED.plusSeconds(second), STARTED);
        }

        int firstSuccess = outcomes.indexOf(true);
        int lastSuccess = outcomes.lastIndexOf(true);
        int counted = 0;
        int lastCountedFailure = -1;
        for (int second = lastSuccess + 1; second < outcomes.size(); second++) {
            if (firstSuccess >= 0 || second >= graceSeconds) {
                counted++;
                lastCountedFailure = second;
            }
        }
        int lastFailure = lastCountedFailure;
        if (lastFailure < 0) {
            for (int second = lastSuccess; second >= 0; second--) {
                if (!outcomes.get(second) && (firstSuccess >= 0 && second > firstSuccess || second >= graceSeconds)) {
                    lastFailure = second;
                    break;
                }
            }
        }
        assertEquals(counted, result.consecutiveFailures());
        assertEquals(lastSuccess >= 0 && counted == 0, result.alive());
        assertEquals(firstSuccess < 0 ? null : STARTED.plusSeconds(firstSuccess).toString(), result.firstSuccess());
        assertEquals(lastSuccess < 0 ? null : STARTED.plusSeconds(lastSuccess).toString(), result.lastSuccess());
        assertEquals(lastFailure < 0 ? null : STARTED.plusSeconds(lastFailure).toString(), result.lastFailure());
        assertEquals(lastFailure < 0 ? null : "failed at " + lastFailure, result.lastFailureCause());
        assertEquals(maxConsecutiveFailures > 0 && counted >= maxConsecutiveFailures,
                HealthTracker.shouldKill(result, check));
    }
}

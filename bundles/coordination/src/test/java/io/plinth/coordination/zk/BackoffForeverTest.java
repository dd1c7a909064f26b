package io.plinth.coordination.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BackoffForeverTest {

    private final BackoffForever policy = new BackoffForever(100, 2_000);

    @Test
    void sleepsDoubleUpToTheCapWithJitter() {
        for (int retry = 0; retry < 64; retry++) {
            long ceiling = Math.min(2_000, 100L << Math.min(retry, 30));
            for (int sample = 0; sample < 20; sample++) {
                long sleep = policy.sleepMs(retry);
                assertTrue(sleep >= ceiling / 2 && sleep <= ceiling, "retry " + retry + " slept " + sleep);
            }
        }
    }

    @Test
    void neverGivesUp() {
        List<Long> sleeps = new ArrayList<>();
        for (int retry = 0; retry < 1_000; retry++) {
            assertTrue(policy.allowRetry(retry, Long.MAX_VALUE, (time, unit) -> sleeps.add(unit.toMillis(time))));
        }
        assertEquals(1_000, sleeps.size());
        assertTrue(sleeps.stream().allMatch(ms -> ms <= 2_000));
    }

    @Test
    void anInterruptEndsTheRetries() {
        boolean allowed = policy.allowRetry(3, 0, (time, unit) -> {
            throw new InterruptedException();
        });
        assertFalse(allowed);
        assertTrue(Thread.interrupted(), "interrupt flag restored");
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new BackoffForever(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new BackoffForever(100, 10));
    }
}

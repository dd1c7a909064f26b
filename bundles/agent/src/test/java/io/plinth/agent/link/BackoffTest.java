package io.plinth.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesUpToTheCapAndStartsOverAfterReset() {
        Backoff longest = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 1.0);
        assertEquals(Duration.ofMillis(100), longest.next());
        assertEquals(Duration.ofMillis(200), longest.next());
        assertEquals(Duration.ofMillis(400), longest.next());
        assertEquals(Duration.ofMillis(800), longest.next());
        assertEquals(Duration.ofMillis(1000), longest.next());
        assertEquals(Duration.ofMillis(1000), longest.next());
        longest.reset();
        assertEquals(Duration.ofMillis(100), longest.next());
    }

    @Test
    void jitterStaysInTheUpperHalf() {
        Backoff shortest = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.0);
        assertEquals(Duration.ofMillis(50), shortest.next());
        assertEquals(Duration.ofMillis(100), shortest.next());
    }

    @Test
    void manyFailuresDoNotOverflow() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 1.0);
        for (int i = 0; i < 10_000; i++) {
            backoff.next();
        }
        assertEquals(Duration.ofSeconds(30), backoff.next());
    }

    @Test
    void refusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0));
    }
}

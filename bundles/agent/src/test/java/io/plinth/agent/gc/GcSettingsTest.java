package io.plinth.agent.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcSettingsTest {

    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void defaultsAreADayTenPercentAndAMinute() {
        GcSettings defaults = GcSettings.defaults();
        assertEquals(DAY, defaults.delay());
        assertEquals(0.1, defaults.diskHeadroom());
        assertEquals(Duration.ofSeconds(60), defaults.diskCheckInterval());
    }

    @Test
    void rejectsNonPositiveDelay() {
        assertThrows(IllegalArgumentException.class, () -> new GcSettings(Duration.ZERO, 0.1, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new GcSettings(Duration.ofSeconds(-1), 0.1, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> new GcSettings(null, 0.1, Duration.ofSeconds(1)));
    }

    @Test
    void rejectsHeadroomOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new GcSettings(DAY, -0.01, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new GcSettings(DAY, 1.0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new GcSettings(DAY, Double.NaN, Duration.ofSeconds(1)));
        new GcSettings(DAY, 0.0, Duration.ofSeconds(1));
        new GcSettings(DAY, 0.99, Duration.ofSeconds(1));
    }

    @Test
    void rejectsNonPositiveCheckInterval() {
        assertThrows(IllegalArgumentException.class, () -> new GcSettings(DAY, 0.1, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new GcSettings(DAY, 0.1, Duration.ofMillis(-5)));
        assertThrows(NullPointerException.class, () -> new GcSettings(DAY, 0.1, null));
    }

    @Test
    void maxAgeFollowsMesosFormula() {
        GcSettings settings = new GcSettings(Duration.ofSeconds(1000), 0.1, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(900), settings.maxAge(0.0));
        assertEquals(Duration.ofSeconds(400), settings.maxAge(0.5));
        // 5 % of the delay, give or take the floating point of 1 - 0.1 - 0.85
        long fivePercent = settings.maxAge(0.85).toMillis();
        assertEquals(50_000, fivePercent, 1);
        assertEquals(Duration.ZERO, settings.maxAge(0.9));
        assertEquals(Duration.ZERO, settings.maxAge(1.0));
    }

    @Test
    void maxAgeClampsNonsenseUsage() {
        GcSettings settings = new GcSettings(Duration.ofSeconds(1000), 0.1, Duration.ofSeconds(1));
        assertEquals(Duration.ofSeconds(900), settings.maxAge(-3));
        assertEquals(Duration.ofSeconds(900), settings.maxAge(Double.NaN));
        assertEquals(Duration.ZERO, settings.maxAge(7));
    }
}

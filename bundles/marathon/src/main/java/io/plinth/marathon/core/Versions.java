package io.plinth.marathon.core;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Marathon's versions: ISO-8601 instants with milliseconds ({@code 2026-11-21T10:15:30.123Z}), which
 * sort as strings. A new version is always later than the last one handed out, even within one
 * millisecond, because versions name entities in the store.
 */
final class Versions {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final Clock clock;
    private Instant last = Instant.EPOCH;

    Versions(Clock clock) {
        this.clock = clock;
    }

    String next() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        last = now.isAfter(last) ? now : last.plusMillis(1);
        return FORMAT.format(last);
    }

    /** A new leader's versions follow the newest stored one, whatever the clocks of the masters say. */
    void notBefore(String version) {
        Instant stored = Instant.parse(version);
        if (stored.isAfter(last)) {
            last = stored;
        }
    }

    static String format(Instant at) {
        return at == null ? null : FORMAT.format(at.truncatedTo(ChronoUnit.MILLIS));
    }
}

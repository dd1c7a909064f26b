package io.plinth.agent.gc;

import java.time.Duration;
import java.util.Objects;

/**
 * How eagerly finished sandboxes are removed. Immutable.
 *
 * @param delay             how long a finished sandbox is kept when the disk has room (Mesos' {@code gc_delay})
 * @param diskHeadroom      the fraction of the disk kept free: the allowed age shrinks as usage approaches
 *                          {@code 1 - diskHeadroom} and is zero from there on (Mesos' {@code gc_disk_headroom})
 * @param diskCheckInterval how often the disk usage is looked at, i.e. how often {@link SandboxGc#collect()}
 *                          is meant to run (Mesos' {@code disk_watch_interval})
 */
public record GcSettings(Duration delay, double diskHeadroom, Duration diskCheckInterval) {

    public GcSettings {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(diskCheckInterval, "diskCheckInterval");
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("delay must be positive, got " + delay);
        }
        // Written so that NaN fails too.
        if (!(diskHeadroom >= 0 && diskHeadroom < 1)) {
            throw new IllegalArgumentException("diskHeadroom must be in [0, 1), got " + diskHeadroom);
        }
        if (diskCheckInterval.isNegative() || diskCheckInterval.isZero()) {
            throw new IllegalArgumentException("diskCheckInterval must be positive, got " + diskCheckInterval);
        }
    }

    /**
     * One day, 10 % headroom, a check a minute. Mesos keeps sandboxes a week; a day is enough to read the
     * logs of a failed task, and shorter keeps small disks from filling up between checks.
     */
    public static GcSettings defaults() {
        return new GcSettings(Duration.ofDays(1), 0.1, Duration.ofSeconds(60));
    }

    /**
     * The age after which a finished directory is removed: {@code delay * max(0, 1 - diskHeadroom - usedFraction)},
     * rounded to the millisecond. A used fraction outside [0, 1] is clamped; NaN counts as an empty disk.
     */
    public Duration maxAge(double usedFraction) {
        double used = Double.isNaN(usedFraction) ? 0 : Math.min(1, Math.max(0, usedFraction));
        double factor = Math.max(0, 1 - diskHeadroom - used);
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }
}

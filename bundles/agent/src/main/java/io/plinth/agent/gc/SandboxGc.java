package io.plinth.agent.gc;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes finished sandboxes (and other directories it is given) once they are older than
 * {@link GcSettings#maxAge(double)} at the current disk usage: after {@code delay} on an empty disk, sooner as
 * the disk fills, at once when less than the headroom is left. See the package README.
 *
 * <p>Who calls what: the agent calls {@link #schedule} when a container ended and its sandbox may go,
 * {@link #unschedule} when a directory is in use again or removed by its owner, {@link #scanAfterRestart} once
 * after a restart before launching anything; a timer ({@link GcDriver}, or the caller's own using
 * {@link #untilNextDue}) calls {@link #collect}.
 *
 * <p>Thread-safe. The schedule is guarded by this object's monitor; disk usage is asked and files are deleted
 * outside it, so {@code schedule}/{@code unschedule} never wait for a deletion. A directory is taken off the
 * schedule just before it is deleted: {@code unschedule} cannot stop a deletion already started (it logs
 * one), so the agent should not reuse a path it scheduled; Mesos never does, container ids are fresh.
 * Paths are compared after {@code toAbsolutePath().normalize()}, without resolving symlinks.
 */
public final class SandboxGc {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxGc.class);

    /** A directory waiting for deletion and when its work ended. */
    public record Scheduled(Path dir, Instant finishedAt) {
        public Scheduled {
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(finishedAt, "finishedAt");
        }
    }

    private final GcSettings settings;
    private final Clock clock;
    private final DiskUsage disk;
    private final MountTable mounts;
    /** Guarded by this. */
    private final Map<Path, Instant> scheduled = new HashMap<>();
    /**
     * Guarded by this: directories a collect() took off the schedule and is deleting now, each with whether
     * unschedule() was called meanwhile (then a failed deletion is not retried).
     */
    private final Map<Path, Boolean> deleting = new HashMap<>();

    public SandboxGc(GcSettings settings, Clock clock, DiskUsage disk) {
        this(settings, clock, disk, MountTable.proc());
    }

    /** For tests: a mount table that is not this process'. */
    SandboxGc(GcSettings settings, Clock clock, DiskUsage disk, MountTable mounts) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.disk = Objects.requireNonNull(disk, "disk");
        this.mounts = Objects.requireNonNull(mounts, "mounts");
    }

    public GcSettings settings() {
        return settings;
    }

    /**
     * A directory whose work ended at {@code finishedAt}: delete it once older than the allowed age.
     * Re-scheduling a path replaces its time. A {@code finishedAt} in the future (a clock step, a file touched
     * by a skewed clock) is taken as now, so that a full disk still frees it at once.
     *
     * @throws IllegalArgumentException for a file system root
     */
    public synchronized void schedule(Path dir, Instant finishedAt) {
        Path key = key(dir);
        if (key.getParent() == null) {
            throw new IllegalArgumentException("refusing to schedule a file system root: " + dir);
        }
        Instant now = clock.instant();
        scheduled.put(key, finishedAt.isAfter(now) ? now : finishedAt);
    }

    /** The directory is in use again (or was removed by its owner): never delete it. Unknown paths are ignored. */
    public synchronized void unschedule(Path dir) {
        Path key = key(dir);
        scheduled.remove(key);
        if (deleting.replace(key, true) != null) {
            LOG.warn("{} was unscheduled while being deleted; it may be gone already", key);
        }
    }

    /**
     * Deletes (recursively, without following symlinks out of the tree) every scheduled directory that is due
     * now, given the current disk usage of each directory's file system, then its parents left empty in the
     * sandbox layout. A directory already gone is just forgotten. Deletion errors (including a mount point
     * inside the tree) are logged and the directory stays scheduled, so the next call retries. Disk usage and
     * deletions happen outside the lock. Concurrent calls do not delete a directory twice.
     *
     * @return the directories deleted by this call
     */
    public List<Path> collect() {
        Instant now = clock.instant();
        List<Path> deleted = new ArrayList<>();
        List<Path> mountPoints = null;
        for (Scheduled entry : scheduled()) {
            Path dir = entry.dir();
            if (Files.notExists(dir, NOFOLLOW_LINKS)) {
                forget(entry);
                continue;
            }
            double used = usedFraction(dir);
            Duration maxAge = settings.maxAge(used);
            if (now.isBefore(entry.finishedAt().plus(maxAge)) || !claim(entry)) {
                continue;
            }
            boolean done = false;
            try {
                if (mountPoints == null) {
                    mountPoints = mounts.mountPoints(); // once per call, and only when something is due
                }
                Trees.deleteRecursively(dir, mountPoints);
                Trees.pruneEmptyParents(dir);
                done = true;
                deleted.add(dir);
                LOG.info("Deleted {} (finished at {}, allowed age {} at {}% disk usage)", dir, entry.finishedAt(),
                        maxAge, Math.round(used * 100));
            } catch (IOException | RuntimeException e) {
                LOG.warn("Cannot delete {}: {}", dir, e.toString());
            } finally {
                release(entry, done);
            }
        }
        return deleted;
    }

    /**
     * After an agent restart: schedules every run directory {@code <workDir>/slaves/<agent>/frameworks/<fw>/
     * executors/<ex>/runs/<container>} that is not in {@code active} (sandboxes of tasks still running), with
     * its last-modified time as {@code finishedAt}. Active ones are unscheduled, should an earlier call have
     * scheduled them. Symlinks ({@code runs/latest}) are not run directories. A missing {@code slaves/} means
     * nothing to do. Holds the lock while it lists the tree: call it before the agent launches anything.
     *
     * @return how many directories were scheduled
     * @throws IOException when a directory of the layout cannot be listed or a run's time read; what was
     *                     scheduled until then stays scheduled
     */
    public synchronized int scanAfterRestart(Path workDir, Set<Path> active) throws IOException {
        Set<Path> keep = new HashSet<>();
        active.forEach(path -> keep.add(key(path)));
        int count = 0;
        for (Path run : Trees.runDirectories(key(workDir))) {
            if (keep.contains(run)) {
                unschedule(run);
                continue;
            }
            Instant modified;
            try {
                modified = Files.getLastModifiedTime(run, NOFOLLOW_LINKS).toInstant();
            } catch (NoSuchFileException e) {
                continue; // removed since it was listed
            }
            schedule(run, modified);
            count++;
        }
        return count;
    }

    /** What is scheduled, oldest first (ties by path); excludes directories being deleted right now. */
    public synchronized List<Scheduled> scheduled() {
        List<Scheduled> list = new ArrayList<>(scheduled.size());
        scheduled.forEach((dir, finishedAt) -> list.add(new Scheduled(dir, finishedAt)));
        list.sort(Comparator.comparing(Scheduled::finishedAt).thenComparing(Scheduled::dir));
        return list;
    }

    /**
     * Time until the next scheduled directory becomes due at the current disk usage, zero if one is due
     * already, for a caller's timer; empty when nothing is scheduled. Disk usage is asked outside the lock.
     * Usage changes, so a timer should still fire at least every {@code diskCheckInterval}.
     */
    public Optional<Duration> untilNextDue() {
        Instant now = clock.instant();
        Instant next = null;
        for (Scheduled entry : scheduled()) {
            Instant due = entry.finishedAt().plus(settings.maxAge(usedFraction(entry.dir())));
            if (next == null || due.isBefore(next)) {
                next = due;
            }
        }
        if (next == null) {
            return Optional.empty();
        }
        return Optional.of(next.isAfter(now) ? Duration.between(now, next) : Duration.ZERO);
    }

    /**
     * The used fraction of the file system holding {@code dir}, asked of its nearest existing ancestor when
     * it is gone; when the disk cannot tell, 0, so that nothing is deleted earlier than {@code delay}.
     */
    private double usedFraction(Path dir) {
        Path existing = dir;
        while (existing != null && Files.notExists(existing, NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return 0;
        }
        try {
            return disk.usedFraction(existing);
        } catch (IOException e) {
            LOG.warn("Cannot read disk usage for {}, assuming an empty disk: {}", existing, e.toString());
            return 0;
        }
    }

    private synchronized void forget(Scheduled entry) {
        // Only the entry we looked at: a schedule() meanwhile stands.
        scheduled.remove(entry.dir(), entry.finishedAt());
    }

    /** Takes the entry off the schedule for deletion, unless it changed or another collect() has it. */
    private synchronized boolean claim(Scheduled entry) {
        if (deleting.containsKey(entry.dir()) || !scheduled.remove(entry.dir(), entry.finishedAt())) {
            return false;
        }
        deleting.put(entry.dir(), false);
        return true;
    }

    private synchronized void release(Scheduled entry, boolean deleted) {
        boolean unscheduled = deleting.remove(entry.dir());
        if (!deleted && !unscheduled) {
            // Back on the schedule for a retry, unless it was scheduled afresh meanwhile.
            scheduled.putIfAbsent(entry.dir(), entry.finishedAt());
        }
    }

    private static Path key(Path dir) {
        return dir.toAbsolutePath().normalize();
    }
}

package io.plinth.agent.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.plinth.agent.core.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxGcTest {

    private static final Duration DELAY = Duration.ofHours(10);
    private static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    @TempDir
    Path workDir;

    private final TestClock clock = new TestClock(T0);
    private final FakeDisk disk = new FakeDisk();
    private final List<Path> mountPoints = new ArrayList<>();
    private SandboxGc gc;

    @BeforeEach
    void setUp() {
        gc = new SandboxGc(new GcSettings(DELAY, 0.1, Duration.ofSeconds(60)), clock, disk, () -> List.copyOf(mountPoints));
    }

    // ---- when a directory is due

    @Test
    void deletesOnceTheAllowedAgeIsReached() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0);
        clock.advance(DELAY.multipliedBy(9).dividedBy(10)); // 1 - headroom 0.1 - usage 0 = 90 % of the delay

        assertEquals(List.of(run), gc.collect());
        assertFalse(Files.exists(run));
        assertEquals(List.of(), gc.scheduled());
    }

    @Test
    void keepsADirectoryNotDueYet() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0);
        clock.advance(DELAY.multipliedBy(9).dividedBy(10).minusMillis(1));

        assertEquals(List.of(), gc.collect());
        assertTrue(Files.exists(run.resolve("stdout")));
        assertEquals(List.of(new SandboxGc.Scheduled(run, T0)), gc.scheduled());
    }

    @Test
    void aFullerDiskDeletesSooner() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0);
        disk.set(0.85); // max age = 5 % of the delay

        clock.advance(DELAY.multipliedBy(4).dividedBy(100));
        assertEquals(List.of(), gc.collect());
        assertTrue(Files.exists(run));

        clock.advance(DELAY.multipliedBy(2).dividedBy(100));
        assertEquals(List.of(run), gc.collect());
        assertFalse(Files.exists(run));
    }

    @Test
    void noHeadroomLeftDeletesAtOnce() throws IOException {
        Path first = sandbox("a", "f", "e", "c1");
        Path second = sandbox("a", "f", "e", "c2");
        disk.set(0.9);
        gc.schedule(first, T0);
        assertEquals(List.of(first), gc.collect());

        disk.set(0.97);
        gc.schedule(second, T0);
        assertEquals(List.of(second), gc.collect());
        assertFalse(Files.exists(first));
        assertFalse(Files.exists(second));
    }

    @Test
    void aFinishTimeInTheFutureCountsAsNow() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0.plus(Duration.ofDays(365)));
        assertEquals(List.of(new SandboxGc.Scheduled(run, T0)), gc.scheduled());

        disk.set(0.95);
        assertEquals(List.of(run), gc.collect());
    }

    @Test
    void unscheduleProtects() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0);
        gc.unschedule(run);
        disk.set(1.0);
        clock.advance(DELAY.multipliedBy(2));

        assertEquals(List.of(), gc.collect());
        assertTrue(Files.exists(run.resolve("stdout")));
        assertEquals(List.of(), gc.scheduled());
        gc.unschedule(workDir.resolve("never-scheduled")); // harmless
    }

    @Test
    void reschedulingReplacesTheTime() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0);
        clock.advance(DELAY);
        gc.schedule(run, clock.instant());

        assertEquals(List.of(), gc.collect());
        assertEquals(List.of(new SandboxGc.Scheduled(run, T0.plus(DELAY))), gc.scheduled());
    }

    @Test
    void pathsAreNormalized() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run.resolve("x").resolve(".."), T0);
        assertEquals(List.of(new SandboxGc.Scheduled(run, T0)), gc.scheduled());
        gc.unschedule(run.getParent().resolve(".").resolve("c1"));
        assertEquals(List.of(), gc.scheduled());
    }

    @Test
    void scheduledListsOldestFirst() throws IOException {
        Path late = sandbox("a", "f", "e", "c1");
        Path early = sandbox("a", "f", "e", "c2");
        gc.schedule(late, T0.minusSeconds(10));
        gc.schedule(early, T0.minusSeconds(20));
        assertEquals(List.of(new SandboxGc.Scheduled(early, T0.minusSeconds(20)),
                new SandboxGc.Scheduled(late, T0.minusSeconds(10))), gc.scheduled());
    }

    @Test
    void refusesToScheduleARoot() {
        assertThrows(IllegalArgumentException.class, () -> gc.schedule(workDir.getRoot(), T0));
    }

    // ---- what is deleted

    @Test
    void deletesNestedFilesAndEmptyParentsButNotSiblingsNorSlaves() throws IOException {
        Path run = sandbox("a", "f1", "e1", "c1");
        Files.createDirectories(run.resolve("deep/er/still"));
        Files.writeString(run.resolve("deep/er/still/file"), "x");
        Files.writeString(run.resolve(".hidden"), "x");
        Path siblingRun = sandbox("a", "f1", "e1", "c2");
        Path otherExecutorRun = sandbox("a", "f1", "e2", "c3");
        Path lonelyFrameworkRun = sandbox("a", "f2", "e3", "c4");
        disk.set(1.0);

        gc.schedule(run, T0);
        gc.collect();
        assertFalse(Files.exists(run));
        assertTrue(Files.exists(siblingRun.resolve("stdout")), "a sibling run stays");
        assertTrue(Files.isDirectory(run.getParent()), "runs/ still holds the sibling");

        gc.schedule(siblingRun, T0);
        gc.collect();
        Path executor = run.getParent().getParent();
        assertFalse(Files.exists(executor), "executor e1 is empty now and goes, with its runs/");
        assertTrue(Files.exists(otherExecutorRun), "executor e2 stays");
        assertTrue(Files.isDirectory(executor.getParent()), "executors/ still holds e2");

        gc.schedule(lonelyFrameworkRun, T0);
        gc.collect();
        Path framework2 = workDir.resolve("slaves/a/frameworks/f2");
        assertFalse(Files.exists(framework2), "f2 had nothing else and goes");
        assertTrue(Files.exists(otherExecutorRun));

        gc.schedule(otherExecutorRun, T0);
        gc.collect();
        assertFalse(Files.exists(workDir.resolve("slaves/a")), "the whole agent tree was empty");
        assertTrue(Files.isDirectory(workDir.resolve("slaves")), "slaves/ itself stays");
        assertTrue(Files.isDirectory(workDir));
    }

    @Test
    void emptyParentsOfTheMetaTreeStopBelowMetaSlaves() throws IOException {
        Path meta = workDir.resolve("meta/slaves/a/frameworks/f/executors/e/runs/c1");
        Files.createDirectories(meta.resolve("tasks/t1"));
        Files.writeString(meta.resolve("tasks/t1/task.info"), "x");
        disk.set(1.0);
        gc.schedule(meta, T0);

        assertEquals(List.of(meta), gc.collect());
        assertFalse(Files.exists(workDir.resolve("meta/slaves/a")));
        assertTrue(Files.isDirectory(workDir.resolve("meta/slaves")));
    }

    @Test
    void aDirectoryOutsideTheLayoutLeavesItsParentsAlone() throws IOException {
        Path dir = workDir.resolve("other/empty-after/target");
        Files.createDirectories(dir);
        disk.set(1.0);
        gc.schedule(dir, T0);

        assertEquals(List.of(dir), gc.collect());
        assertTrue(Files.isDirectory(workDir.resolve("other/empty-after")));
    }

    @Test
    void symlinksAreRemovedNotFollowed() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        Path outside = Files.createDirectories(workDir.resolve("outside/data"));
        Files.writeString(outside.resolve("precious"), "keep me");
        Path outsideFile = Files.writeString(workDir.resolve("outside/file"), "keep me too");
        Files.createSymbolicLink(run.resolve("linked-dir"), outside);
        Files.createDirectories(run.resolve("sub"));
        Files.createSymbolicLink(run.resolve("sub/linked-file"), outsideFile);
        Files.createSymbolicLink(run.resolve("dangling"), workDir.resolve("nowhere"));
        disk.set(1.0);
        gc.schedule(run, T0);

        assertEquals(List.of(run), gc.collect());
        assertFalse(Files.exists(run, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep me", Files.readString(outside.resolve("precious")));
        assertEquals("keep me too", Files.readString(outsideFile));
    }

    @Test
    void aScheduledSymlinkLosesOnlyTheLink() throws IOException {
        Path target = Files.createDirectories(workDir.resolve("target"));
        Files.writeString(target.resolve("file"), "keep");
        Path link = Files.createSymbolicLink(workDir.resolve("link"), target);
        disk.set(1.0);
        gc.schedule(link, T0);

        assertEquals(List.of(link), gc.collect());
        assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("keep", Files.readString(target.resolve("file")));
    }

    @Test
    void aVanishedDirectoryIsForgotten() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0);
        Files.delete(run.resolve("stdout"));
        Files.delete(run);

        assertEquals(List.of(), gc.collect()); // not due yet, and gone: forgotten all the same
        assertEquals(List.of(), gc.scheduled());
        clock.advance(DELAY.multipliedBy(2));
        assertEquals(List.of(), gc.collect());
    }

    @Test
    void aMountInsideIsRefusedAndRetriedLater() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        Path volume = Files.createDirectories(run.resolve("volume"));
        Files.writeString(volume.resolve("data"), "belongs to a persistent volume");
        mountPoints.add(volume.toRealPath());
        disk.set(1.0);
        gc.schedule(run, T0);

        assertEquals(List.of(), gc.collect());
        assertTrue(Files.exists(volume.resolve("data")), "nothing deleted through the mount");
        assertEquals(List.of(new SandboxGc.Scheduled(run, T0)), gc.scheduled(), "kept for a retry");

        mountPoints.clear(); // the containerizer unmounted it
        assertEquals(List.of(run), gc.collect());
        assertFalse(Files.exists(run));
    }

    @Test
    void aMountElsewhereDoesNotBlock() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        mountPoints.add(Path.of("/"));
        mountPoints.add(workDir.toRealPath().resolve("slaves/a/frameworks/f/executors/e/runs/c2"));
        disk.set(1.0);
        gc.schedule(run, T0);
        assertEquals(List.of(run), gc.collect());
    }

    @Test
    void unscheduleDuringAFailedDeletionIsNotUndoneByTheRetry() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        AtomicReference<SandboxGc> self = new AtomicReference<>();
        // The mount table is read after the directory is taken off the schedule: the window of a deletion.
        SandboxGc racing = new SandboxGc(new GcSettings(DELAY, 0.1, Duration.ofSeconds(60)), clock, disk, () -> {
            self.get().unschedule(run);
            throw new IOException("mount table unreadable");
        });
        self.set(racing);
        disk.set(1.0);
        racing.schedule(run, T0);

        assertEquals(List.of(), racing.collect());
        assertTrue(Files.exists(run));
        assertEquals(List.of(), racing.scheduled(), "the owner's unschedule wins over the retry");
    }

    @Test
    void aDiskThatCannotTellCountsAsEmpty() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        gc.schedule(run, T0);
        disk.set(1.0);
        disk.failWithIoException(1);

        assertEquals(List.of(), gc.collect(), "not deleted early on a guess");
        assertEquals(List.of(run), gc.collect(), "the disk answers again: full");
    }

    @Test
    void unwritableDirectoriesAreDeletedToo() throws IOException {
        Path run = sandbox("a", "f", "e", "c1");
        Path readOnly = Files.createDirectories(run.resolve("pkg/mod/cache"));
        Files.writeString(readOnly.resolve("file"), "x");
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.setPosixFilePermissions(readOnly.getParent(), PosixFilePermissions.fromString("r-x------"));
        Path unreadable = Files.createDirectories(run.resolve("locked/inner"));
        Files.writeString(unreadable.resolve("file"), "y");
        Files.setPosixFilePermissions(unreadable.getParent(), PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isWritable(readOnly), "permissions do not bind this user (root)");
            disk.set(1.0);
            gc.schedule(run, T0);
            assertEquals(List.of(run), gc.collect());
            assertFalse(Files.exists(run));
        } finally {
            if (Files.exists(unreadable.getParent(), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(unreadable.getParent(), PosixFilePermissions.fromString("rwx------"));
            }
            if (Files.exists(readOnly.getParent())) {
                Files.setPosixFilePermissions(readOnly.getParent(), PosixFilePermissions.fromString("rwx------"));
                Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    // ---- after a restart

    @Test
    void scanAfterRestartSchedulesFinishedRunsByTheirModificationTime() throws IOException {
        Path finished1 = sandbox("a", "f", "e1", "c1");
        Path finished2 = sandbox("old-agent", "f", "e2", "c2");
        Path running = sandbox("a", "f", "e1", "c3");
        Files.createSymbolicLink(finished1.resolveSibling("latest"), running);
        Files.writeString(workDir.resolve("slaves/a/frameworks/f/executors/e1/runs/not-a-dir"), "x");
        Files.createDirectories(workDir.resolve("slaves/a/frameworks/empty-fw/executors/e/runs"));
        Instant mtime1 = T0.minus(Duration.ofHours(3));
        Instant mtime2 = T0.minus(Duration.ofHours(5));
        Files.setLastModifiedTime(finished1, FileTime.from(mtime1));
        Files.setLastModifiedTime(finished2, FileTime.from(mtime2));
        gc.schedule(running, T0.minusSeconds(1)); // scheduled before it was seen running again

        int count = gc.scanAfterRestart(workDir, Set.of(running));

        assertEquals(2, count);
        assertEquals(List.of(new SandboxGc.Scheduled(finished2, mtime2), new SandboxGc.Scheduled(finished1, mtime1)),
                gc.scheduled());

        clock.advance(DELAY.multipliedBy(9).dividedBy(10).minus(Duration.ofHours(4)));
        assertEquals(List.of(finished2), gc.collect(), "older one due first, by its mtime");
        assertTrue(Files.exists(running.resolve("stdout")));
        assertTrue(Files.exists(finished1));
    }

    @Test
    void scanAfterRestartWithoutSlavesFindsNothing() throws IOException {
        assertEquals(0, gc.scanAfterRestart(workDir, Set.of()));
        assertEquals(0, gc.scanAfterRestart(workDir.resolve("missing"), Set.of()));
        assertEquals(List.of(), gc.scheduled());
    }

    // ---- for the caller's timer

    @Test
    void untilNextDueFollowsTheOldestAndTheDisk() throws IOException {
        assertEquals(Optional.empty(), gc.untilNextDue());
        Path first = sandbox("a", "f", "e", "c1");
        Path second = sandbox("a", "f", "e", "c2");
        gc.schedule(first, T0);
        gc.schedule(second, T0.minus(Duration.ofHours(1)));
        clock.advance(Duration.ofHours(2));

        // 90 % of 10 h = 9 h after T0 - 1 h, i.e. 6 h from now
        assertEquals(Optional.of(Duration.ofHours(6)), gc.untilNextDue());
        disk.set(0.4); // 50 % of 10 h = 5 h after T0 - 1 h: 2 h from now
        assertEquals(Optional.of(Duration.ofHours(2)), gc.untilNextDue());
        disk.set(0.95);
        assertEquals(Optional.of(Duration.ZERO), gc.untilNextDue());
    }

    private Path sandbox(String agent, String framework, String executor, String container) throws IOException {
        Path run = workDir.resolve("slaves").resolve(agent).resolve("frameworks").resolve(framework)
                .resolve("executors").resolve(executor).resolve("runs").resolve(container);
        Files.createDirectories(run);
        Files.writeString(run.resolve("stdout"), "output of " + container);
        return run;
    }
}

package io.plinth.agent.process.cgroups;

import static io.plinth.agent.process.cgroups.FakeCgroupTree.read;
import static io.plinth.agent.process.cgroups.FakeCgroupTree.write;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Runs against {@link FakeCgroupTree}; the real kernel is not involved (this host has cgroup v1). */
class CgroupsV2Test {

    private static final String ALL_CONTROLLERS = "cpuset cpu io memory hugetlb pids rdma misc";
    private static final long MEM = 256L * 1024 * 1024;

    @TempDir
    Path tmp;

    private FakeCgroupTree tree;
    private Path root;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() {
        root = tmp.resolve("cgroup");
        tree = new FakeCgroupTree(root, ALL_CONTROLLERS);
    }

    @AfterEach
    void killStartedProcesses() throws InterruptedException {
        for (Process process : started) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private CgroupsV2 openFake() {
        return CgroupsV2.open(root, "plinth", tree).orElseThrow();
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private Process startSleep() throws IOException {
        Process process = new ProcessBuilder("sleep", "60").redirectErrorStream(true).start();
        started.add(process);
        return process;
    }

    // ---- open ----

    @Test
    void openIsEmptyWithoutControllersFile() throws IOException {
        Path plain = tmp.resolve("not-cgroup");
        Files.createDirectories(plain);

        assertEquals(Optional.empty(), CgroupsV2.open(plain, "plinth"));
        assertFalse(Files.exists(plain.resolve("plinth")));
    }

    @Test
    void openIsEmptyWithoutMemoryController() {
        FakeCgroupTree noMemory = new FakeCgroupTree(tmp.resolve("nomem"), "cpuset cpu io pids");

        assertEquals(Optional.empty(), CgroupsV2.open(noMemory.root, "plinth", noMemory));
        assertFalse(Files.exists(noMemory.root.resolve("plinth")));
        assertEquals("", read(noMemory.root.resolve("cgroup.subtree_control")));
    }

    @Test
    void openIsEmptyWithoutCpuController() {
        FakeCgroupTree noCpu = new FakeCgroupTree(tmp.resolve("nocpu"), "memory pids");

        assertEquals(Optional.empty(), CgroupsV2.open(noCpu.root, "plinth", noCpu));
    }

    @Test
    void openIsEmptyWhenRootIsNotWritable() {
        tree.writable = false;

        assertEquals(Optional.empty(), CgroupsV2.open(root, "plinth", tree));
        assertFalse(Files.exists(root.resolve("plinth")));
        assertEquals("", read(root.resolve("cgroup.subtree_control")));
    }

    @Test
    void openIsEmptyWhenRootModeIsReadOnly() throws IOException {
        // root bypasses mode bits, so this variant only means something for an unprivileged user;
        // openIsEmptyWhenRootIsNotWritable covers the decision itself everywhere.
        assumeFalse("root".equals(System.getProperty("user.name")), "mode bits do not bind root");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertEquals(Optional.empty(), CgroupsV2.open(root, "plinth"));
        } finally {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void openIsEmptyWhenEnablingControllersFails() throws IOException {
        // A directory where the file should be makes the write fail even for root, like EBUSY would.
        Path control = root.resolve("cgroup.subtree_control");
        Files.delete(control);
        Files.createDirectory(control);

        assertEquals(Optional.empty(), CgroupsV2.open(root, "plinth", tree));
    }

    @Test
    void openCreatesParentAndEnablesControllersAtRootAndParent() {
        Optional<CgroupsV2> cgroups = CgroupsV2.open(root, "plinth", tree);

        assertTrue(cgroups.isPresent());
        assertTrue(Files.isDirectory(root.resolve("plinth")));
        assertEquals("+memory +cpu", read(root.resolve("cgroup.subtree_control")));
        assertEquals("+memory +cpu", read(root.resolve("plinth/cgroup.subtree_control")));
    }

    @Test
    void openWritesOnlyControllersNotYetEnabled() {
        write(root.resolve("cgroup.subtree_control"), "memory pids\n");

        CgroupsV2.open(root, "plinth", tree).orElseThrow();

        assertEquals("+cpu", read(root.resolve("cgroup.subtree_control")));
    }

    @Test
    void openAgainOnPreparedTreeWritesNothing() {
        openFake();
        // What the kernel shows once both are enabled.
        write(root.resolve("cgroup.subtree_control"), "cpu memory\n");
        write(root.resolve("plinth/cgroup.subtree_control"), "cpu memory\n");

        assertTrue(CgroupsV2.open(root, "plinth", tree).isPresent());
        assertEquals("cpu memory\n", read(root.resolve("cgroup.subtree_control")));
        assertEquals("cpu memory\n", read(root.resolve("plinth/cgroup.subtree_control")));
    }

    @Test
    void openOnPlainDirectoryDoesNotCreateInterfaceFiles() {
        // Real mkdir on an ordinary filesystem: parent/cgroup.subtree_control never appears, and
        // the code must not invent it.
        tree.populate = false;

        assertEquals(Optional.empty(), CgroupsV2.open(root, "plinth", tree));
        assertFalse(Files.exists(root.resolve("plinth/cgroup.subtree_control")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../x"})
    void openRefusesBadParent(String parent) {
        assertThrows(IllegalArgumentException.class, () -> CgroupsV2.open(root, parent, tree));
    }

    // ---- create ----

    @Test
    void createWritesLimits() throws IOException {
        CgroupsV2 cgroups = openFake();
        String id = id();

        Path dir = cgroups.create(id, 0.5, MEM);

        assertEquals(root.resolve("plinth").resolve(id), dir);
        assertTrue(cgroups.exists(id));
        assertEquals("268435456", read(dir.resolve("memory.max")));
        assertEquals("0", read(dir.resolve("memory.swap.max")));
        assertEquals("50000 100000", read(dir.resolve("cpu.max")));
        assertEquals(dir.resolve("cgroup.procs"), cgroups.procsFile(id));
    }

    @Test
    void cpuQuotaIsRoundedAndHasKernelMinimum() throws IOException {
        CgroupsV2 cgroups = openFake();

        assertEquals("200000 100000", read(cgroups.create(id(), 2, MEM).resolve("cpu.max")));
        assertEquals("33333 100000", read(cgroups.create(id(), 1.0 / 3, MEM).resolve("cpu.max")));
        assertEquals("1000 100000", read(cgroups.create(id(), 0.001, MEM).resolve("cpu.max")));
        assertEquals("1000 100000", read(cgroups.create(id(), 0.0001, MEM).resolve("cpu.max")));
    }

    @Test
    void createIsIdempotentAndRewritesLimits() throws IOException {
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path dir = cgroups.create(id, 1, MEM);

        assertEquals(dir, cgroups.create(id, 1, MEM));
        assertEquals("100000 100000", read(dir.resolve("cpu.max")));

        cgroups.create(id, 1.5, 1024);
        assertEquals("150000 100000", read(dir.resolve("cpu.max")));
        assertEquals("1024", read(dir.resolve("memory.max")));
    }

    @Test
    void createSkipsSwapWhenKernelHasNoSwapAccounting() throws IOException {
        CgroupsV2 cgroups = openFake();
        tree.withSwap = false;

        Path dir = cgroups.create(id(), 1, MEM);

        assertFalse(Files.exists(dir.resolve("memory.swap.max")));
        assertEquals("268435456", read(dir.resolve("memory.max")));
    }

    @Test
    void createNeverCreatesPlainFiles() {
        CgroupsV2 cgroups = openFake();
        tree.populate = false;
        String id = id();

        assertThrows(IOException.class, () -> cgroups.create(id, 1, MEM));
        assertFalse(Files.exists(root.resolve("plinth").resolve(id).resolve("memory.max")));
        assertFalse(Files.exists(root.resolve("plinth").resolve(id).resolve("cpu.max")));
    }

    @Test
    void createRefusesBadLimits() {
        CgroupsV2 cgroups = openFake();

        assertThrows(IllegalArgumentException.class, () -> cgroups.create(id(), 0, MEM));
        assertThrows(IllegalArgumentException.class, () -> cgroups.create(id(), -1, MEM));
        assertThrows(IllegalArgumentException.class, () -> cgroups.create(id(), Double.NaN, MEM));
        assertThrows(IllegalArgumentException.class, () -> cgroups.create(id(), Double.POSITIVE_INFINITY, MEM));
        assertThrows(IllegalArgumentException.class, () -> cgroups.create(id(), 1, 0));
        assertEquals(List.of(), cgroups.containers());
    }

    // ---- reading ----

    @Test
    void usageParsesMemoryCpuAndProcesses() throws IOException {
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path dir = cgroups.create(id, 1, MEM);
        write(dir.resolve("memory.current"), "123456789\n");
        write(dir.resolve("cpu.stat"), "usage_usec 3750000\nuser_usec 2500000\nsystem_usec 1250000\n"
                + "nr_periods 10\nnr_throttled 2\nthrottled_usec 500\n");
        write(dir.resolve("cgroup.procs"), "100\n101\n205\n");

        CgroupUsage usage = cgroups.usage(id).orElseThrow();

        assertEquals(new CgroupUsage(123456789L, 2.5, 1.25, 3), usage);
        assertEquals(List.of(100L, 101L, 205L), cgroups.pids(id));
    }

    @Test
    void usageOfFreshCgroupIsZero() throws IOException {
        CgroupsV2 cgroups = openFake();
        String id = id();
        cgroups.create(id, 1, MEM);

        assertEquals(Optional.of(new CgroupUsage(0, 0, 0, 0)), cgroups.usage(id));
        assertEquals(List.of(), cgroups.pids(id));
    }

    @Test
    void readingAGoneCgroupIsEmpty() {
        CgroupsV2 cgroups = openFake();
        String id = id();

        assertFalse(cgroups.exists(id));
        assertEquals(Optional.empty(), cgroups.usage(id));
        assertEquals(List.of(), cgroups.pids(id));
        assertFalse(cgroups.oomKilled(id));
    }

    @Test
    void oomKilledReadsOomKillCounter() throws IOException {
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path events = cgroups.create(id, 1, MEM).resolve("memory.events");

        assertFalse(cgroups.oomKilled(id));

        write(events, "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n");
        assertTrue(cgroups.oomKilled(id));

        // Hitting the limit and reclaiming is not a kill.
        write(events, "low 0\nhigh 0\nmax 3\noom 0\noom_kill 0\n");
        assertFalse(cgroups.oomKilled(id));

        // oom_kill is authoritative when present, even if an OOM was entered.
        write(events, "low 0\nhigh 0\nmax 3\noom 1\noom_kill 0\n");
        assertFalse(cgroups.oomKilled(id));
    }

    @Test
    void oomKilledFallsBackToOomCounterOnOldKernels() throws IOException {
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path events = cgroups.create(id, 1, MEM).resolve("memory.events");

        write(events, "low 0\nhigh 0\nmax 7\noom 2\n");
        assertTrue(cgroups.oomKilled(id));

        write(events, "low 0\nhigh 0\nmax 7\noom 0\n");
        assertFalse(cgroups.oomKilled(id));
    }

    // ---- killing ----

    @Test
    void killAllWritesCgroupKillWhenPresent() throws Exception {
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path dir = cgroups.create(id, 1, MEM);
        Process sleep = startSleep();
        write(dir.resolve("cgroup.procs"), sleep.pid() + "\n");

        cgroups.killAll(id);

        assertEquals("1", read(dir.resolve("cgroup.kill")));
        // The fake kernel does not act on cgroup.kill, so a process that still runs proves the
        // per-pid fallback was not taken as well. A bounded negative check, not a wait.
        assertFalse(sleep.waitFor(300, TimeUnit.MILLISECONDS), "pid was signalled directly");
    }

    @Test
    void killAllWithoutCgroupKillSignalsEachPid() throws Exception {
        tree.withKill = false;
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path dir = cgroups.create(id, 1, MEM);
        Process first = startSleep();
        Process second = startSleep();
        write(dir.resolve("cgroup.procs"), first.pid() + "\n" + second.pid() + "\n");
        assertTrue(first.isAlive() && second.isAlive());

        cgroups.killAll(id);

        await().atMost(Duration.ofSeconds(10)).until(() -> !first.isAlive() && !second.isAlive());
        assertFalse(ProcessHandle.of(first.pid()).map(ProcessHandle::isAlive).orElse(false));
        assertFalse(Files.exists(dir.resolve("cgroup.kill")));
    }

    @Test
    void killAllNeverKillsTheAgentItself() throws IOException {
        tree.withKill = false;
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path dir = cgroups.create(id, 1, MEM);
        write(dir.resolve("cgroup.procs"), ProcessHandle.current().pid() + "\n");

        cgroups.killAll(id); // destroyForcibly on the current process would throw

        assertTrue(ProcessHandle.current().isAlive());
    }

    @Test
    void killAllOnGoneCgroupDoesNothing() {
        CgroupsV2 cgroups = openFake();

        cgroups.killAll(id());

        assertEquals(List.of(), cgroups.containers());
    }

    // ---- remove and listing ----

    @Test
    void removeDeletesEmptiedCgroup() throws IOException {
        CgroupsV2 cgroups = openFake();
        String id = id();
        Path dir = cgroups.create(id, 1, MEM);

        // On the fake tree the interface files are real files, so rmdir fails until they are gone;
        // on cgroupfs it would succeed right away once no process is left.
        assertFalse(cgroups.remove(id));
        assertTrue(cgroups.exists(id));

        tree.deleteFiles(dir);
        assertTrue(cgroups.remove(id));
        assertFalse(cgroups.exists(id));
        assertTrue(cgroups.remove(id), "removing a gone cgroup is not a failure");
    }

    @Test
    void containersListsCgroupsUnderParent() throws IOException {
        CgroupsV2 cgroups = openFake();
        assertEquals(List.of(), cgroups.containers());
        String b = "bbbbbbbb-0000-0000-0000-000000000000";
        String a = "aaaaaaaa-0000-0000-0000-000000000000";
        cgroups.create(b, 1, MEM);
        cgroups.create(a, 1, MEM);

        // Interface files of the parent (cgroup.procs etc.) are not containers.
        assertEquals(List.of(a, b), cgroups.containers());

        Path dirA = root.resolve("plinth").resolve(a);
        tree.deleteFiles(dirA);
        assertTrue(cgroups.remove(a));
        assertEquals(List.of(b), cgroups.containers());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../etc", "x/../y", "..hidden", "/abs"})
    void badContainerIdsAreRefused(String bad) {
        CgroupsV2 cgroups = openFake();

        assertThrows(IllegalArgumentException.class, () -> cgroups.create(bad, 1, MEM));
        assertThrows(IllegalArgumentException.class, () -> cgroups.procsFile(bad));
        assertThrows(IllegalArgumentException.class, () -> cgroups.exists(bad));
        assertThrows(IllegalArgumentException.class, () -> cgroups.usage(bad));
        assertThrows(IllegalArgumentException.class, () -> cgroups.oomKilled(bad));
        assertThrows(IllegalArgumentException.class, () -> cgroups.pids(bad));
        assertThrows(IllegalArgumentException.class, () -> cgroups.killAll(bad));
        assertThrows(IllegalArgumentException.class, () -> cgroups.remove(bad));
        // Nothing was written next to or above the parent.
        assertEquals("+memory +cpu", read(root.resolve("plinth/cgroup.subtree_control")));
        assertEquals("max\n", read(root.resolve("plinth/memory.max")));
    }

    @Test
    void nullContainerIdIsRefused() {
        CgroupsV2 cgroups = openFake();

        assertThrows(IllegalArgumentException.class, () -> cgroups.create(null, 1, MEM));
    }
}

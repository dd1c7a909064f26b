package io.plinth.agent.process.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * cpu and memory limits for task containers through the unified cgroup v2 hierarchy.
 *
 * <p>Layout: {@code <root>/<parent>/<containerId>}, e.g. {@code /sys/fs/cgroup/plinth/<uuid>}.
 * The containerizer calls {@link #open} once at start-up, {@link #create} before it launches a
 * container's process, makes that process write its own pid into {@link #procsFile} before it
 * execs the task (so every descendant is born inside the cgroup), reads {@link #usage} and
 * {@link #oomKilled} while and after it runs, and on teardown calls {@link #killAll}, waits until
 * {@link #pids} is empty, then {@link #remove}. After an agent restart {@link #containers} tells
 * which cgroups survived.
 *
 * <p>Writes follow cgroupfs rules: each value is written with one {@code write(2)} of the whole
 * value into a file that must already exist. The code never creates a plain file; the only thing
 * it creates is directories (that is how cgroups are made).
 *
 * <p><b>Not exercised against a real kernel.</b> The build machine mounts cgroup v1, so all tests
 * run against a fake tree of ordinary files that imitates cgroupfs (see {@code FakeCgroupTree} in
 * the tests). Kernel behaviour the fake cannot show — {@code EBUSY} from the "no internal
 * processes" rule, {@code EINVAL} for bad values, {@code cgroup.kill} actually killing — is
 * handled from the kernel documentation only.
 *
 * <p>Thread-safety: instances are immutable and may be used from any thread. Calls for different
 * containers are independent; concurrent calls for the same container are serialised only by the
 * kernel, so the caller should not, e.g., {@link #remove} while it {@link #create}s the same id.
 */
public final class CgroupsV2 {

    private static final Logger LOG = LoggerFactory.getLogger(CgroupsV2.class);

    /** cgroup v2's default and our fixed CFS period, in microseconds. */
    static final long CPU_PERIOD_USEC = 100_000;
    /** The kernel refuses quotas below 1ms per period. */
    static final long CPU_MIN_QUOTA_USEC = 1_000;

    private static final List<String> CONTROLLERS = List.of("memory", "cpu");

    private final Path parentDir;
    private final CgroupFs fs;

    private CgroupsV2(Path parentDir, CgroupFs fs) {
        this.parentDir = parentDir;
        this.fs = fs;
    }

    /**
     * Opens the v2 hierarchy at {@code root} (normally {@code /sys/fs/cgroup}) for containers
     * under {@code root/parent}.
     *
     * <p>Usable means: {@code root/cgroup.controllers} lists {@code memory} and {@code cpu}, and
     * {@code root} is writable. Then this creates {@code root/parent} if missing and enables
     * {@code +memory +cpu} in {@code root/cgroup.subtree_control} and
     * {@code root/parent/cgroup.subtree_control} (only the controllers not yet enabled are
     * written). Safe to call again on an already prepared tree.
     *
     * @param parent a single path name such as {@code "plinth"}
     * @return empty when the hierarchy is not usable; the reason is logged at INFO
     * @throws IllegalArgumentException when {@code parent} is not a single path name
     */
    public static Optional<CgroupsV2> open(Path root, String parent) {
        return open(root, parent, CgroupFs.REAL);
    }

    static Optional<CgroupsV2> open(Path root, String parent, CgroupFs fs) {
        Objects.requireNonNull(root, "root");
        requireName("parent", parent);
        Objects.requireNonNull(fs, "fs");

        Path controllersFile = root.resolve("cgroup.controllers");
        Set<String> available;
        try {
            available = words(Files.readString(controllersFile));
        } catch (NoSuchFileException e) {
            LOG.info("cgroups v2 not used: {} does not exist (no unified hierarchy at {})", controllersFile, root);
            return Optional.empty();
        } catch (IOException e) {
            LOG.info("cgroups v2 not used: cannot read {}: {}", controllersFile, e.toString());
            return Optional.empty();
        }
        if (!available.containsAll(CONTROLLERS)) {
            LOG.info("cgroups v2 not used: {} lists {} but {} are needed", controllersFile, available, CONTROLLERS);
            return Optional.empty();
        }
        if (!fs.isWritable(root)) {
            LOG.info("cgroups v2 not used: {} is not writable by the agent", root);
            return Optional.empty();
        }

        Path parentDir = root.resolve(parent);
        try {
            // Controllers must be enabled top-down: a child can only enable what its parent
            // hands down through subtree_control.
            enableControllers(root);
            mkdirIfMissing(fs, parentDir);
            enableControllers(parentDir);
        } catch (IOException e) {
            // Typical on a real host: EBUSY when root is a non-root cgroup that holds processes
            // (e.g. inside a container with a cgroup namespace), or EACCES without delegation.
            LOG.info("cgroups v2 not used: preparing {} failed: {}", parentDir, e.toString());
            return Optional.empty();
        }
        return Optional.of(new CgroupsV2(parentDir, fs));
    }

    /**
     * Creates (or updates) the cgroup {@code root/parent/containerId} and writes its limits:
     * {@code memory.max = memBytes}, {@code memory.swap.max = 0} when the kernel offers swap
     * accounting, and {@code cpu.max = "<quota> 100000"} with quota {@code round(cpus * 100000)},
     * at least 1000. Idempotent: calling again rewrites the same limits.
     *
     * @return the cgroup's directory
     * @throws IllegalArgumentException for a bad id, {@code cpus} not finite and positive, or
     *                                  {@code memBytes <= 0}
     * @throws IOException              when the kernel refuses a directory or a value
     */
    public Path create(String containerId, double cpus, long memBytes) throws IOException {
        Path dir = dir(containerId);
        if (!(cpus > 0) || Double.isInfinite(cpus)) {
            throw new IllegalArgumentException("cpus must be a finite number > 0: " + cpus);
        }
        if (memBytes <= 0) {
            throw new IllegalArgumentException("memBytes must be > 0: " + memBytes);
        }
        mkdirIfMissing(fs, dir);
        writeValue(dir.resolve("memory.max"), Long.toString(memBytes));
        Path swapMax = dir.resolve("memory.swap.max");
        // Absent when the kernel runs without swap accounting; then there is nothing to limit.
        if (Files.exists(swapMax)) {
            writeValue(swapMax, "0");
        }
        writeValue(dir.resolve("cpu.max"), cpuQuotaUsec(cpus) + " " + CPU_PERIOD_USEC);
        LOG.debug("cgroup {} limited to {} cpus, {} bytes", dir, cpus, memBytes);
        return dir;
    }

    static long cpuQuotaUsec(double cpus) {
        return Math.max(CPU_MIN_QUOTA_USEC, Math.round(cpus * CPU_PERIOD_USEC));
    }

    /** The file a process writes its own pid into to join the container's cgroup. */
    public Path procsFile(String containerId) {
        return dir(containerId).resolve("cgroup.procs");
    }

    /** Whether the container's cgroup directory exists. */
    public boolean exists(String containerId) {
        return Files.isDirectory(dir(containerId));
    }

    /**
     * Reads {@code memory.current}, {@code cpu.stat} ({@code user_usec}, {@code system_usec}) and
     * counts the pids in {@code cgroup.procs}. A missing {@code memory.current} or cpu key reads as
     * 0 (controller not enabled), unknown {@code cpu.stat} keys are ignored.
     *
     * @return empty when the cgroup does not exist (any more)
     * @throws UncheckedIOException when a file exists but cannot be read
     */
    public Optional<CgroupUsage> usage(String containerId) {
        Path dir = dir(containerId);
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try {
            long memory = readOptional(dir.resolve("memory.current"))
                    .map(String::strip)
                    .map(Long::parseLong)
                    .orElse(0L);
            Map<String, Long> cpu = readOptional(dir.resolve("cpu.stat"))
                    .map(CgroupsV2::keyedCounters)
                    .orElse(Map.of());
            int processes = parsePids(Files.readString(dir.resolve("cgroup.procs"))).size();
            return Optional.of(new CgroupUsage(memory,
                    cpu.getOrDefault("user_usec", 0L) / 1e6,
                    cpu.getOrDefault("system_usec", 0L) / 1e6,
                    processes));
        } catch (NoSuchFileException e) {
            // The cgroup may have been removed between the directory check and the reads.
            if (!Files.isDirectory(dir)) {
                return Optional.empty();
            }
            throw new UncheckedIOException("reading usage of " + dir, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading usage of " + dir, e);
        } catch (NumberFormatException e) {
            throw new UncheckedIOException(new IOException("malformed number in a file of " + dir, e));
        }
    }

    /**
     * Whether the kernel's OOM killer killed a process of this container: the {@code oom_kill}
     * counter of {@code memory.events} is above 0. Kernels before 4.13 have no {@code oom_kill};
     * there the {@code oom} counter (allocations that failed at the limit and invoked the OOM
     * killer) is used. {@code max} is deliberately not used: it counts every time usage hit the
     * limit and the kernel reclaimed, which happens routinely without anything being killed.
     *
     * @return false also when the cgroup or the file does not exist
     */
    public boolean oomKilled(String containerId) {
        Path events = dir(containerId).resolve("memory.events");
        Optional<String> text;
        try {
            text = readOptional(events);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + events, e);
        }
        if (text.isEmpty()) {
            return false;
        }
        Map<String, Long> counters = keyedCounters(text.get());
        Long kills = counters.containsKey("oom_kill") ? counters.get("oom_kill") : counters.get("oom");
        return kills != null && kills > 0;
    }

    /**
     * The pids in {@code cgroup.procs}, in the kernel's order.
     *
     * @return empty when the cgroup does not exist
     */
    public List<Long> pids(String containerId) {
        Path procs = procsFile(containerId);
        try {
            return readOptional(procs).map(CgroupsV2::parsePids).orElse(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + procs, e);
        }
    }

    /**
     * Sends SIGKILL to every process in the container. Uses {@code cgroup.kill} when it exists
     * (Linux 5.14+), which also catches processes forked meanwhile; otherwise signals each pid in
     * {@code cgroup.procs} through {@link ProcessHandle#destroyForcibly()} — a single pass, so a
     * process forked during the pass can survive; callers should check {@link #pids} and repeat.
     * Returns without waiting: processes are gone only once {@link #pids} is empty. Does nothing
     * when the cgroup does not exist.
     */
    public void killAll(String containerId) {
        Path dir = dir(containerId);
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                writeValue(kill, "1");
                return;
            } catch (IOException e) {
                LOG.warn("writing 1 to {} failed, signalling each pid instead: {}", kill, e.toString());
            }
        }
        long self = ProcessHandle.current().pid();
        for (long pid : pids(containerId)) {
            // The agent never joins a container's cgroup; skipping ourselves guards against a
            // misconfiguration turning into the agent killing itself (and destroyForcibly throws).
            if (pid == self) {
                LOG.warn("agent pid {} found in {}; not killing it", pid, dir);
                continue;
            }
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * Removes the container's cgroup ({@code rmdir}). On cgroupfs this succeeds while the kernel's
     * interface files are still listed in it, as soon as no process is left.
     *
     * @return true when the cgroup no longer exists afterwards (also when it never did); false
     *         when it could not be removed, e.g. because processes are still in it
     */
    public boolean remove(String containerId) {
        Path dir = dir(containerId);
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", dir, e.toString());
            return false;
        }
    }

    /**
     * Container ids that have a cgroup under the parent, sorted; names that {@link #create} would
     * refuse are skipped.
     */
    public List<String> containers() {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parentDir, Files::isDirectory)) {
            for (Path child : children) {
                String name = child.getFileName().toString();
                if (isValidName(name)) {
                    ids.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + parentDir, e);
        }
        Collections.sort(ids);
        return List.copyOf(ids);
    }

    @Override
    public String toString() {
        return "CgroupsV2[" + parentDir + "]";
    }

    private Path dir(String containerId) {
        return parentDir.resolve(requireName("containerId", containerId));
    }

    /**
     * Ids become a directory name right under the parent, so anything that could climb out of it
     * or address the parent itself ("." / "..") is refused.
     */
    private static String requireName(String field, String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(field + " must be a non-empty single path name without '/' or '..': '"
                    + name + "'");
        }
        return name;
    }

    private static boolean isValidName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.contains("..")
                && name.indexOf('/') < 0 && name.indexOf('\0') < 0;
    }

    private static void mkdirIfMissing(CgroupFs fs, Path dir) throws IOException {
        try {
            fs.mkdir(dir);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw e;
            }
        }
    }

    /** Enables memory and cpu for the children of {@code dir}, writing only what is missing. */
    private static void enableControllers(Path dir) throws IOException {
        Path control = dir.resolve("cgroup.subtree_control");
        Set<String> enabled = words(Files.readString(control));
        StringBuilder missing = new StringBuilder();
        for (String controller : CONTROLLERS) {
            if (!enabled.contains(controller)) {
                missing.append(missing.length() == 0 ? "" : " ").append('+').append(controller);
            }
        }
        if (missing.length() > 0) {
            writeValue(control, missing.toString());
        }
    }

    /**
     * One {@code write(2)} of the whole value into an existing file: cgroupfs parses each write
     * on its own, so a value split over two writes would be two (wrong) values. Never creates the
     * file.
     */
    private static void writeValue(Path file, String value) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(value.getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(bytes);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("writing '" + value + "' to " + file + " failed: " + e.getMessage(), e);
        }
        if (bytes.hasRemaining()) {
            throw new IOException("short write of '" + value + "' to " + file);
        }
    }

    private static Optional<String> readOptional(Path file) throws IOException {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static Set<String> words(String text) {
        String stripped = text.strip();
        return stripped.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(stripped.split("\\s+")));
    }

    /** Parses "key value" lines (cpu.stat, memory.events); lines that do not fit are skipped. */
    private static Map<String, Long> keyedCounters(String text) {
        Map<String, Long> counters = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 2) {
                try {
                    counters.put(parts[0], Long.parseLong(parts[1]));
                } catch (NumberFormatException e) {
                    // Newer kernels may add keys with other value formats; they are not ours.
                }
            }
        }
        return counters;
    }

    private static List<Long> parsePids(String text) {
        List<Long> pids = new ArrayList<>();
        for (String line : text.split("\n")) {
            String pid = line.strip();
            if (!pid.isEmpty()) {
                pids.add(Long.parseLong(pid));
            }
        }
        return List.copyOf(pids);
    }
}

package io.plinth.mesos.api.resources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Finds what an agent offers when its operator configured nothing, the way a Mesos agent does:
 * all processors, the physical memory minus what the OS and the agent need (1 GB, or half of a
 * machine under 2 GB), the disk of the work directory minus a margin (5 GB, or half of a disk under
 * 10 GB), and ports 31000-32000.
 *
 * <p>Memory and disk are in MB, as in Mesos. Stateless apart from its probes; thread-safe.
 */
public final class ResourceDetector {

    /** Mesos' default port range for tasks. */
    public static final Range DEFAULT_PORTS = new Range(31000, 32000);

    private static final long MB = 1024L * 1024;
    private static final long GB = 1024 * MB;
    private static final long MEMORY_HEADROOM = GB;
    private static final long DISK_HEADROOM = 5 * GB;

    private final IntSupplier processors;
    private final LongSupplier totalMemoryBytes;
    private final ToLongFunction<Path> diskBytes;

    /** Probes this machine. */
    public ResourceDetector() {
        this(Runtime.getRuntime()::availableProcessors, ResourceDetector::physicalMemoryBytes,
                ResourceDetector::usableDiskBytes);
    }

    /**
     * Probes supplied by the caller (tests, simulated agents).
     *
     * @param processors       how many processors
     * @param totalMemoryBytes the machine's physical memory
     * @param diskBytes        the space available to the work directory's file system
     */
    public ResourceDetector(IntSupplier processors, LongSupplier totalMemoryBytes, ToLongFunction<Path> diskBytes) {
        this.processors = Objects.requireNonNull(processors, "processors");
        this.totalMemoryBytes = Objects.requireNonNull(totalMemoryBytes, "totalMemoryBytes");
        this.diskBytes = Objects.requireNonNull(diskBytes, "diskBytes");
    }

    /** cpus, mem, disk and ports of this machine, all unreserved. */
    public Resources detect(Path workDir) {
        return Resources.of(cpus(), mem(), disk(workDir), ports());
    }

    /**
     * The configured resources, completed with detected cpus, mem, disk and ports for those the
     * configuration does not name (in any role): Mesos' "auto-detect when not configured". A name
     * that is configured is never probed, so a configured disk needs no work directory.
     */
    public Resources withDefaults(Resources configured, Path workDir) {
        List<Resource> detected = new ArrayList<>(4);
        var names = configured.names();
        if (!names.contains("cpus")) {
            detected.add(cpus());
        }
        if (!names.contains("mem")) {
            detected.add(mem());
        }
        if (!names.contains("disk")) {
            detected.add(disk(workDir));
        }
        if (!names.contains("ports")) {
            detected.add(ports());
        }
        return configured.plus(Resources.of(detected));
    }

    private Resource cpus() {
        return Resource.ofScalar("cpus", Resource.UNRESERVED, processors.getAsInt());
    }

    private Resource mem() {
        long total = totalMemoryBytes.getAsLong();
        return Resource.ofScalar("mem", Resource.UNRESERVED, (total - Math.min(MEMORY_HEADROOM, total / 2)) / MB);
    }

    private Resource disk(Path workDir) {
        long total = diskBytes.applyAsLong(workDir);
        return Resource.ofScalar("disk", Resource.UNRESERVED, (total - Math.min(DISK_HEADROOM, total / 2)) / MB);
    }

    private static Resource ports() {
        return Resource.ofRanges("ports", Resource.UNRESERVED, List.of(DEFAULT_PORTS));
    }

    /**
     * Reads com.sun.management.OperatingSystemMXBean's TotalMemorySize through the platform MBean
     * server rather than by casting to that type: a compile-time reference would make the bundle
     * import com.sun.management, which no bundle exports in Karaf (it is only boot-delegated).
     */
    static long physicalMemoryBytes() {
        try {
            ObjectName os = new ObjectName(ManagementFactory.OPERATING_SYSTEM_MXBEAN_NAME);
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(os, "TotalMemorySize")).longValue();
        } catch (JMException | ClassCastException e) {
            throw new IllegalStateException("cannot read the machine's total memory", e);
        }
    }

    /** The usable space of the file system holding {@code dir}, or its nearest existing parent. */
    static long usableDiskBytes(Path dir) {
        Path existing = dir.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new IllegalArgumentException("no existing directory on the path " + dir);
        }
        try {
            return Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the disk space of " + existing, e);
        }
    }
}

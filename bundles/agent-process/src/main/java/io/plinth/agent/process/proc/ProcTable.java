package io.plinth.agent.process.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the process table from {@code /proc}: the agent's view of what each task's processes are
 * and use when no cgroup does the counting. Linux only. Processes come and go while it reads; one
 * that vanished mid-read is simply absent. Thread-safe (no state besides its root).
 */
public final class ProcTable {

    /** The kernel's USER_HZ: clock ticks per second in {@code /proc/<pid>/stat}, 100 on every Linux ABI in use. */
    public static final long TICKS_PER_SECOND = 100;

    private final Path root;
    private final long pageSize;

    public ProcTable(Path root, long pageSize) {
        this.root = root;
        this.pageSize = pageSize;
    }

    /** The machine's {@code /proc}, with 4 KiB pages (x86-64 and the usual arm64 kernels). */
    public static ProcTable system() {
        return new ProcTable(Path.of("/proc"), 4096);
    }

    public long pageSize() {
        return pageSize;
    }

    /** Every process now. */
    public List<ProcessInfo> snapshot() {
        List<ProcessInfo> processes = new ArrayList<>(512);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, ProcTable::isPid)) {
            for (Path entry : entries) {
                read(entry).ifPresent(processes::add);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + root, e);
        }
        return processes;
    }

    /** One process, if it exists now. */
    public Optional<ProcessInfo> process(long pid) {
        return read(root.resolve(Long.toString(pid)));
    }

    private static boolean isPid(Path entry) {
        String name = entry.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return !name.isEmpty();
    }

    private Optional<ProcessInfo> read(Path dir) {
        String stat;
        try {
            stat = Files.readString(dir.resolve("stat"));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // gone between listing and reading (ESRCH surfaces as a plain IOException)
            return Optional.empty();
        }
        return parse(stat);
    }

    /**
     * Parses one {@code stat} line. The command name sits in parentheses and may itself hold spaces
     * and parentheses, so fields are counted from the last closing one.
     */
    static Optional<ProcessInfo> parse(String stat) {
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        if (open < 0 || close < open) {
            return Optional.empty();
        }
        String[] f = stat.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state) of proc(5)
        if (f.length < 22) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(stat.substring(0, open).trim());
            return Optional.of(new ProcessInfo(pid, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    f[0].charAt(0), Long.parseLong(f[19]), Long.parseLong(f[11]), Long.parseLong(f[12]),
                    Integer.parseInt(f[17]), Long.parseLong(f[21])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

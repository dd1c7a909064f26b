package io.plinth.agent.process.cgroups;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory of ordinary files that imitates a cgroup v2 mount: the root holds the files the
 * kernel shows there, and {@link #mkdir} plays the kernel by filling every new cgroup directory
 * with its interface files (initial values as on a fresh cgroup). Not thread-safe; one per test.
 */
final class FakeCgroupTree implements CgroupFs {

    final Path root;
    /** Whether new cgroups get a {@code cgroup.kill} (Linux 5.14+). */
    boolean withKill = true;
    /** Whether new cgroups get a {@code memory.swap.max} (swap accounting on). */
    boolean withSwap = true;
    /** Whether {@link #mkdir} populates the directory like the kernel; false imitates a plain filesystem. */
    boolean populate = true;
    boolean writable = true;

    FakeCgroupTree(Path root, String controllers) {
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write(root.resolve("cgroup.controllers"), controllers + "\n");
        write(root.resolve("cgroup.subtree_control"), "");
        write(root.resolve("cgroup.procs"), "1\n");
    }

    @Override
    public boolean isWritable(Path dir) {
        return writable;
    }

    @Override
    public void mkdir(Path dir) throws IOException {
        Files.createDirectory(dir);
        if (!populate) {
            return;
        }
        write(dir.resolve("cgroup.controllers"), "cpu memory\n");
        write(dir.resolve("cgroup.subtree_control"), "");
        write(dir.resolve("cgroup.procs"), "");
        write(dir.resolve("cgroup.events"), "populated 0\nfrozen 0\n");
        write(dir.resolve("memory.max"), "max\n");
        write(dir.resolve("memory.current"), "0\n");
        write(dir.resolve("memory.events"), "low 0\nhigh 0\nmax 0\noom 0\noom_kill 0\n");
        write(dir.resolve("cpu.max"), "max 100000\n");
        write(dir.resolve("cpu.stat"), "usage_usec 0\nuser_usec 0\nsystem_usec 0\n");
        if (withSwap) {
            write(dir.resolve("memory.swap.max"), "max\n");
        }
        if (withKill) {
            write(dir.resolve("cgroup.kill"), "");
        }
    }

    /** Deletes the interface files of a cgroup so that rmdir can work on the fake tree. */
    void deleteFiles(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

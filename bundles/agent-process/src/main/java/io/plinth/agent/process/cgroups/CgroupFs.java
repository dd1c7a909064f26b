package io.plinth.agent.process.cgroups;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The two things the real cgroupfs does that a plain directory tree cannot imitate by itself:
 * {@code mkdir} makes the kernel populate the new directory with its interface files, and
 * "may we write here" is decided by the mount and delegation, not just by mode bits (which root
 * ignores anyway). Tests substitute a fake kernel; production code always uses {@link #REAL}.
 * Implementations must be stateless or thread-safe.
 */
interface CgroupFs {

    /** Whether the agent may create cgroups below {@code dir}. */
    boolean isWritable(Path dir);

    /**
     * Creates the single directory {@code dir}; throws {@link java.nio.file.FileAlreadyExistsException}
     * when it already exists. On cgroupfs this is what creates a cgroup.
     */
    void mkdir(Path dir) throws IOException;

    /** The operating system's view: {@code access(2)} and {@code mkdir(2)}. */
    CgroupFs REAL = new CgroupFs() {
        @Override
        public boolean isWritable(Path dir) {
            return Files.isWritable(dir);
        }

        @Override
        public void mkdir(Path dir) throws IOException {
            Files.createDirectory(dir);
        }
    };
}

package io.plinth.agent.gc;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How full the file system holding a path is. Implementations must be thread-safe: {@link SandboxGc} asks
 * from whichever thread calls {@code collect()} or {@code untilNextDue()}, outside its lock.
 */
@FunctionalInterface
public interface DiskUsage {

    /** The used fraction, 0 (empty) to 1 (full), of the file system holding {@code path}, which exists. */
    double usedFraction(Path path) throws IOException;

    /**
     * The real thing: {@code 1 - usable / total} of the path's {@link FileStore}. Blocks reserved for root
     * count as used, because the agent does not run tasks as root and they cannot write there.
     */
    static DiskUsage fileStore() {
        return path -> {
            FileStore store = Files.getFileStore(path);
            long total = store.getTotalSpace();
            // Pseudo file systems report 0 blocks; nothing to gain by deleting early there.
            return total <= 0 ? 0 : 1 - (double) store.getUsableSpace() / total;
        };
    }
}

package io.plinth.agent.process.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Unix permission bits to and from {@link PosixFilePermission}. */
final class PosixModes {

    static final int EXECUTABLE = 0755;
    static final int REGULAR = 0644;

    // Bit order of PosixFilePermission.values(): OWNER_READ .. OTHERS_EXECUTE = 0400 .. 0001.
    private static final PosixFilePermission[] BY_BIT = PosixFilePermission.values();

    private PosixModes() {
    }

    static Set<PosixFilePermission> toPermissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BY_BIT.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                permissions.add(BY_BIT[i]);
            }
        }
        return permissions;
    }

    static int toMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int i = 0; i < BY_BIT.length; i++) {
            if (permissions.contains(BY_BIT[i])) {
                mode |= 0400 >> i;
            }
        }
        return mode;
    }

    /**
     * Sets the permission bits (setuid, setgid and sticky are dropped: java.nio cannot set them, and
     * a fetched file has no business being setuid). Follows symlinks, so callers pass only paths they
     * created themselves as files or directories.
     */
    static void apply(Path path, int mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, toPermissions(mode & 0777));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file store: there are no bits to preserve.
        }
    }
}

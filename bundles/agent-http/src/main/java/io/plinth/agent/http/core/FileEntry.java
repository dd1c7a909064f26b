package io.plinth.agent.http.core;

import java.util.Objects;

/**
 * One entry of a {@code /files/browse} listing, as Mesos describes it. Immutable.
 *
 * @param path  the entry's path in the client's terms: the browsed path, a slash, the entry's name
 * @param nlink its number of hard links
 * @param size  its size in bytes (of the link itself for a symbolic link)
 * @param mtime when it was last modified, in seconds since the epoch
 * @param mode  its type and permissions as {@code ls -l} prints them: {@code -rw-r--r--}, {@code drwxr-xr-x}
 * @param uid   the name of its owner (the number when the name is unknown)
 * @param gid   the name of its group (the number when the name is unknown)
 */
public record FileEntry(String path, long nlink, long size, long mtime, String mode, String uid, String gid) {

    public FileEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(gid, "gid");
    }
}

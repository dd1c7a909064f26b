package io.plinth.agent.process.fetch;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Containment checks for paths that come from untrusted input (archive entries, symlink targets,
 * {@code output_file}). The sandbox root is always a real path (no symlinks), so "inside" is a
 * prefix test on real paths.
 */
final class SandboxPaths {

    private SandboxPaths() {
    }

    /**
     * Parses a relative path from untrusted input and normalizes it.
     *
     * @param what names the input in error messages, e.g. "archive entry"
     * @return the normalized relative path, or {@code null} when it names the root itself ("./")
     * @throws UnsafeEntryException if the path is absolute or climbs above the root with ".."
     */
    static Path relative(String what, String name) throws UnsafeEntryException {
        if (name.indexOf('\0') >= 0) {
            throw new UnsafeEntryException(what + " '" + name.replace('\0', '?') + "' contains a NUL character");
        }
        Path path;
        try {
            path = Path.of(name);
        } catch (InvalidPathException e) {
            throw new UnsafeEntryException(what + " '" + name + "' is not a valid path: " + e.getReason());
        }
        if (name.startsWith("/") || path.isAbsolute()) {
            throw new UnsafeEntryException(what + " '" + name + "' is an absolute path, which escapes the sandbox");
        }
        Path normalized = path.normalize();
        if (normalized.toString().isEmpty()) {
            return null;
        }
        if (normalized.startsWith("..")) {
            throw new UnsafeEntryException(what + " '" + name + "' escapes the sandbox");
        }
        return normalized;
    }

    /**
     * Makes sure the directory {@code relative} exists below {@code root} and returns its real path.
     * Walks one name at a time and resolves every existing symlink on the way, so a symlink planted by
     * an earlier entry cannot make us create or write anything outside the root — a lexical check of
     * the whole path could not see that.
     *
     * @param root     real path of the sandbox
     * @param relative normalized relative path without "..", or {@code null} for the root
     */
    static Path ensureDirectory(Path root, Path relative) throws IOException {
        Path current = root;
        if (relative == null) {
            return current;
        }
        for (Path name : relative) {
            Path next = current.resolve(name.toString());
            if (Files.isSymbolicLink(next)) {
                Path real = next.toRealPath();
                if (!real.startsWith(root)) {
                    throw new UnsafeEntryException("'" + relative + "' leads through symlink '"
                            + root.relativize(next) + "' out of the sandbox");
                }
                if (!Files.isDirectory(real)) {
                    throw new FetchFailure("'" + relative + "': '" + root.relativize(next) + "' is not a directory");
                }
                current = real;
            } else if (Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                current = next;
            } else if (Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                // a parallel fetch may have created the directory between the two checks
                if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                    throw new FetchFailure("'" + relative + "': '" + root.relativize(next) + "' is not a directory");
                }
                current = next;
            } else {
                try {
                    Files.createDirectory(next);
                } catch (FileAlreadyExistsException e) {
                    // Another fetch into the same sandbox created it a moment ago; fine if it is a directory.
                    if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                        throw e;
                    }
                }
                current = next;
            }
        }
        return current;
    }

    /**
     * Makes room for a new file, directory or link named {@code target}: removes a file or symlink of
     * that name (never following it), as tar does when it overwrites.
     */
    static void clearForNewEntry(Path root, Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FetchFailure("'" + root.relativize(target) + "' already exists as a directory");
        }
        Files.deleteIfExists(target);
    }
}

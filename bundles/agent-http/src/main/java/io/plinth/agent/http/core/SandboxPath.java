package io.plinth.agent.http.core;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A requested path that passed confinement. Immutable.
 *
 * @param shown  the path as the client named it, cleaned of empty and {@code .} segments and of a
 *               trailing slash: a sandbox path or a virtual path; entries of a directory listing are
 *               named below it, so that a client keeps browsing in its own terms
 * @param file   the file or directory it leads to, every symbolic link resolved
 * @param runDir the run directory it lies in, every symbolic link resolved
 */
public record SandboxPath(String shown, Path file, Path runDir) {

    public SandboxPath {
        Objects.requireNonNull(shown, "shown");
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(runDir, "runDir");
    }
}

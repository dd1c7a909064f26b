package io.plinth.agent.http.core;

import io.plinth.agent.http.core.FileAccessException.Refusal;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Confines the paths of {@code /files} requests to the agent's sandboxes: turns a requested path
 * (a sandbox path or a virtual path) into the real file it names, or refuses it. The rules are
 * listed in the README next to this class. Stateless apart from the work directory; thread-safe.
 *
 * <p>Symbolic links below a run directory are resolved one component at a time, never leaving the
 * run directory, so that a link made by a task cannot lead a request elsewhere, nor reveal whether
 * something outside exists. A task that swaps a directory for a link between the resolution and the
 * read could still win a race: the final check that the resolved path is its own real path narrows
 * that window, Java offers no {@code openat} to close it.
 */
public final class SandboxPaths {

    /** Names of a run directory below the work directory: {@code slaves/<a>/frameworks/<f>/executors/<e>/runs/<c>}. */
    static final int RUN_DEPTH = 8;
    /** Names a request may not reach through links; as Linux' own limit. */
    private static final int MAX_LINKS = 40;
    private static final String LATEST = "latest";

    private final Path workDir;

    /** @param workDir the agent's work directory; made absolute, it need not exist */
    public SandboxPaths(Path workDir) {
        this.workDir = Objects.requireNonNull(workDir, "workDir").toAbsolutePath().normalize();
    }

    public Path workDir() {
        return workDir;
    }

    /**
     * Resolves the {@code path} parameter of a {@code /files} request.
     *
     * @param requested the parameter as received (percent-decoded), null when absent
     * @throws FileAccessException 400 for a missing, relative or {@code ..}-containing path; 403 for a
     *                             path outside every sandbox or leading out of its sandbox through a
     *                             link; 404 for a path in a sandbox that does not exist
     */
    public SandboxPath resolve(String requested) {
        if (requested == null || requested.isEmpty()) {
            throw new FileAccessException(Refusal.BAD_REQUEST, "Missing query parameter 'path'");
        }
        if (requested.indexOf('\0') >= 0) {
            throw new FileAccessException(Refusal.BAD_REQUEST, "Query parameter 'path' must not contain a NUL character");
        }
        if (!requested.startsWith("/")) {
            throw new FileAccessException(Refusal.BAD_REQUEST, "Query parameter 'path' must be absolute: '" + requested + "'");
        }
        List<String> segments = Arrays.stream(requested.split("/")).filter(s -> !s.isEmpty() && !s.equals(".")).toList();
        // refused even where it would stay inside: a request has no business climbing, and
        // resolving '..' before the links below it would be wrong anyway
        if (segments.contains("..")) {
            throw new FileAccessException(Refusal.BAD_REQUEST, "Query parameter 'path' must not contain '..': '" + requested + "'");
        }
        String shown = "/" + String.join("/", segments);
        Path lexical;
        try {
            lexical = Path.of(shown);
        } catch (InvalidPathException e) {
            throw new FileAccessException(Refusal.BAD_REQUEST, "Query parameter 'path' is not a valid path: '" + requested + "'");
        }
        Optional<Path> run = runBelow(lexical, workDir);
        Path base = workDir;
        if (run.isEmpty()) {
            // the client may know the work directory by its real name
            Optional<Path> realWorkDir = realWorkDir();
            if (realWorkDir.isPresent()) {
                run = runBelow(lexical, realWorkDir.get());
                base = realWorkDir.get();
            }
        }
        if (run.isPresent()) {
            Path runDir = base.resolve(run.get());
            return confine(shown, run.get(), names(runDir.relativize(lexical)));
        }
        if (!segments.isEmpty() && segments.get(0).equals("frameworks")) {
            return virtual(shown, segments);
        }
        throw notInSandbox(shown);
    }

    /**
     * {@code /frameworks/<f>/executors/<e>/runs/<c or latest>/...}: Mesos' name for a sandbox that
     * does not depend on the work directory or the agent id.
     */
    private SandboxPath virtual(String shown, List<String> segments) {
        if (segments.size() < 6 || !segments.get(2).equals("executors") || !segments.get(4).equals("runs")) {
            throw notInSandbox(shown);
        }
        String framework = segments.get(1);
        String executor = segments.get(3);
        String container = segments.get(5);
        Path run = findRun(framework, executor, container).orElseThrow(() -> new FileAccessException(Refusal.NOT_FOUND,
                "No sandbox of framework '" + framework + "', executor '" + executor + "', run '" + container + "'"));
        return confine(shown, run, segments.subList(6, segments.size()));
    }

    /** The run directory (relative to the work directory) a virtual path names, under any agent id. */
    private Optional<Path> findRun(String framework, String executor, String container) {
        List<Path> candidates = new ArrayList<>();
        for (Path agent : directories(workDir.resolve("slaves"))) {
            Path runs = agent.resolve("frameworks").resolve(framework).resolve("executors").resolve(executor).resolve("runs");
            if (container.equals(LATEST)) {
                // Mesos keeps a "latest" link among the runs; the directories themselves decide here
                directories(runs).stream().filter(dir -> !dir.getFileName().toString().equals(LATEST)).forEach(candidates::add);
            } else if (Files.isDirectory(runs.resolve(container), LinkOption.NOFOLLOW_LINKS)) {
                candidates.add(runs.resolve(container));
            }
        }
        return candidates.stream()
                .map(dir -> new Candidate(dir, modified(dir)))
                .max(Comparator.comparing(Candidate::modified).thenComparing(c -> c.dir().toString()))
                .map(c -> workDir.relativize(c.dir()));
    }

    private record Candidate(Path dir, FileTime modified) {
    }

    /**
     * Resolves {@code names} below the run directory {@code run} (relative to the work directory),
     * following links only as far as they stay inside it.
     */
    private SandboxPath confine(String shown, Path run, List<String> names) {
        Path realWorkDir = realWorkDir().orElseThrow(() -> new FileAccessException(Refusal.NOT_FOUND, "No such sandbox: '" + shown + "'"));
        Path realRun;
        try {
            realRun = workDir.resolve(run).toRealPath();
        } catch (NoSuchFileException e) {
            throw new FileAccessException(Refusal.NOT_FOUND, "No such sandbox: '" + shown + "'");
        } catch (IOException e) {
            throw new FileAccessException(Refusal.NOT_FOUND, "Cannot open the sandbox of '" + shown + "'");
        }
        // a link on the way from the work directory to the run directory would make any place a sandbox
        if (!realRun.equals(realWorkDir.resolve(run))) {
            throw leadsOutside(shown);
        }
        Path current = realRun;
        Deque<String> pending = new ArrayDeque<>(names);
        int links = 0;
        while (!pending.isEmpty()) {
            String name = pending.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                // only link targets bring these: the request's own were refused
                if (current.equals(realRun)) {
                    throw leadsOutside(shown);
                }
                current = current.getParent();
                continue;
            }
            Path next = current.resolve(name);
            BasicFileAttributes attributes = attributes(next, shown);
            if (!attributes.isSymbolicLink()) {
                if (!pending.isEmpty() && !attributes.isDirectory()) {
                    throw new FileAccessException(Refusal.NOT_FOUND, "No such file or directory: '" + shown + "'");
                }
                current = next;
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new FileAccessException(Refusal.NOT_FOUND, "Too many symbolic links in '" + shown + "'");
            }
            Path target = linkTarget(next, shown);
            if (target.isAbsolute()) {
                // compared name by name before any '..' in it is applied, so that it cannot climb back out
                if (!target.startsWith(realRun)) {
                    throw leadsOutside(shown);
                }
                current = realRun;
                target = realRun.relativize(target);
            }
            List<String> targetNames = names(target);
            for (int i = targetNames.size() - 1; i >= 0; i--) {
                pending.addFirst(targetNames.get(i));
            }
        }
        // the walk saw each name once; if the tree changed meanwhile, the real path tells
        try {
            if (!current.toRealPath().equals(current)) {
                throw leadsOutside(shown);
            }
        } catch (IOException e) {
            throw new FileAccessException(Refusal.NOT_FOUND, "No such file or directory: '" + shown + "'");
        }
        return new SandboxPath(shown, current, realRun);
    }

    /** {@code slaves/<a>/frameworks/<f>/executors/<e>/runs/<c>} if {@code path} lies in (or is) such a directory below {@code base}. */
    private static Optional<Path> runBelow(Path path, Path base) {
        if (!path.startsWith(base) || path.equals(base)) {
            return Optional.empty();
        }
        Path relative = base.relativize(path);
        if (relative.getNameCount() < RUN_DEPTH
                || !relative.getName(0).toString().equals("slaves")
                || !relative.getName(2).toString().equals("frameworks")
                || !relative.getName(4).toString().equals("executors")
                || !relative.getName(6).toString().equals("runs")) {
            return Optional.empty();
        }
        return Optional.of(relative.subpath(0, RUN_DEPTH));
    }

    private Optional<Path> realWorkDir() {
        try {
            return Optional.of(workDir.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static BasicFileAttributes attributes(Path path, String shown) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw new FileAccessException(Refusal.FORBIDDEN, "Access denied: '" + shown + "'");
        } catch (IOException e) {
            // NoSuchFileException, or "Not a directory" when a name follows a file
            throw new FileAccessException(Refusal.NOT_FOUND, "No such file or directory: '" + shown + "'");
        }
    }

    private static Path linkTarget(Path link, String shown) {
        try {
            return Files.readSymbolicLink(link);
        } catch (IOException e) {
            throw new FileAccessException(Refusal.NOT_FOUND, "No such file or directory: '" + shown + "'");
        }
    }

    /** The sub-directories (not links to directories) of {@code dir}, by name; none if it cannot be read. */
    private static List<Path> directories(Path dir) {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    found.add(entry);
                }
            }
        } catch (IOException | SecurityException e) {
            return List.of();
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }

    private static FileTime modified(Path dir) {
        try {
            return Files.getLastModifiedTime(dir, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MIN_VALUE);
        }
    }

    private static List<String> names(Path path) {
        List<String> names = new ArrayList<>();
        for (Path name : path) {
            names.add(name.toString());
        }
        return names;
    }

    private static FileAccessException notInSandbox(String shown) {
        return new FileAccessException(Refusal.FORBIDDEN, "Query parameter 'path' is not inside a sandbox: '" + shown + "'");
    }

    private static FileAccessException leadsOutside(String shown) {
        return new FileAccessException(Refusal.FORBIDDEN, "Query parameter 'path' leads outside its sandbox: '" + shown + "'");
    }
}

package io.plinth.agent.gc;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * File-system side of the collector: deleting a tree, pruning the sandbox layout's empty parents, finding
 * run directories. Stateless; safe from any thread.
 */
final class Trees {

    private static final Logger LOG = LoggerFactory.getLogger(Trees.class);

    /** Below {@code slaves/}: agent, "frameworks", framework, "executors", executor, "runs", container. */
    private static final int LAYOUT_DEPTH = 7;

    private Trees() {
    }

    /**
     * Deletes {@code root} and everything below it. Symlinks are deleted, never followed, so a link to a
     * directory outside leaves that directory alone; a root that is itself a symlink loses only the link.
     * Directories the task made unwritable (Go's module cache does) are made writable for their owner first.
     * A path gone already, or vanishing meanwhile, is fine.
     *
     * @param mountPoints the current mount points; a tree with one inside is refused, since deleting through
     *                    a bind mount would destroy data that does not belong to the sandbox
     * @throws IOException the first failure; what was deleted until then stays deleted
     */
    static void deleteRecursively(Path root, List<Path> mountPoints) throws IOException {
        refuseMountsInside(root, mountPoints);
        // Iterative, and each listing is closed before descending: a task can nest directories deeper than
        // the thread's stack or the process' file descriptor limit would allow for a recursive walk.
        record Step(Path path, boolean childrenDone) {
        }
        Deque<Step> steps = new ArrayDeque<>();
        steps.push(new Step(root, false));
        while (!steps.isEmpty()) {
            Step step = steps.pop();
            if (!step.childrenDone()) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(step.path(), BasicFileAttributes.class, NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue;
                }
                // With NOFOLLOW_LINKS a symlink is never a directory: it is deleted as the leaf it is.
                if (attributes.isDirectory()) {
                    steps.push(new Step(step.path(), true));
                    for (Path child : children(step.path())) {
                        steps.push(new Step(child, false));
                    }
                    continue;
                }
            }
            Files.deleteIfExists(step.path());
        }
    }

    private static void refuseMountsInside(Path root, List<Path> mountPoints) throws IOException {
        if (mountPoints.isEmpty()) {
            return;
        }
        Path real;
        try {
            // The parent's real path, not the root's: a root that is a symlink must not be resolved to its target.
            real = root.getParent().toRealPath().resolve(root.getFileName());
        } catch (NoSuchFileException e) {
            return;
        }
        for (Path mountPoint : mountPoints) {
            if (mountPoint.startsWith(real)) {
                throw new IOException("not deleting " + root + ": " + mountPoint + " is mounted inside it");
            }
        }
    }

    private static List<Path> children(Path dir) throws IOException {
        makeOwnerAccessible(dir);
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(children::add);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return children;
    }

    private static void makeOwnerAccessible(Path dir) {
        if (Files.isReadable(dir) && Files.isWritable(dir) && Files.isExecutable(dir)) {
            return;
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class, NOFOLLOW_LINKS);
        if (view == null) {
            return;
        }
        try {
            PosixFileAttributes attributes = view.readAttributes();
            if (!attributes.isDirectory()) {
                return;
            }
            Set<PosixFilePermission> permissions = attributes.permissions();
            permissions.addAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                    PosixFilePermission.OWNER_EXECUTE));
            // By path, following links: the JDK's no-follow variant opens the file first, which a directory
            // without read permission refuses. It was just seen to be a directory, not a link.
            Files.setPosixFilePermissions(dir, permissions);
        } catch (IOException | UnsupportedOperationException e) {
            // Not ours to change: the listing or deletion that follows fails with the error worth reporting.
            LOG.debug("Cannot make {} writable", dir, e);
        }
    }

    /**
     * The {@code slaves} directory above {@code dir} when {@code dir} sits in the sandbox layout
     * ({@code slaves/<agent>[/frameworks/<fw>[/executors/<ex>[/runs/<container>]]]}, any depth); null otherwise.
     */
    static Path layoutRoot(Path dir) {
        Path ancestor = dir.getParent();
        for (int depth = 1; depth <= LAYOUT_DEPTH && ancestor != null; depth++, ancestor = ancestor.getParent()) {
            if (ancestor.getFileName() != null && ancestor.getFileName().toString().equals("slaves")
                    && fitsLayout(ancestor.relativize(dir))) {
                return ancestor;
            }
        }
        return null;
    }

    private static boolean fitsLayout(Path relative) {
        String[] fixed = {null, "frameworks", null, "executors", null, "runs", null};
        for (int i = 0; i < relative.getNameCount(); i++) {
            if (fixed[i] != null && !fixed[i].equals(relative.getName(i).toString())) {
                return false;
            }
        }
        return true;
    }

    /**
     * After {@code deleted} went: removes its parents that are now empty, up to but not including the layout's
     * {@code slaves} directory (so never {@code slaves/} nor the work directory). Stops at the first parent that
     * is not empty. Does nothing for a path outside the sandbox layout.
     */
    static void pruneEmptyParents(Path deleted) {
        Path stop = layoutRoot(deleted);
        if (stop == null) {
            return;
        }
        for (Path parent = deleted.getParent(); !parent.equals(stop); parent = parent.getParent()) {
            if (!Files.isDirectory(parent, NOFOLLOW_LINKS)) {
                if (Files.exists(parent, NOFOLLOW_LINKS)) {
                    return; // a symlink or file where the layout has a directory: not ours to touch
                }
                continue; // already gone; its parent may be empty now
            }
            try {
                // Files.delete refuses a non-empty directory atomically: a sandbox created meanwhile is safe.
                Files.delete(parent);
            } catch (DirectoryNotEmptyException e) {
                return;
            } catch (NoSuchFileException e) {
                // raced with another pruning; keep going up
            } catch (IOException e) {
                LOG.warn("Cannot remove empty directory {}: {}", parent, e.toString());
                return;
            }
        }
    }

    /**
     * The run directories {@code slaves/* /frameworks/* /executors/* /runs/*} below {@code workDir}: real
     * directories only, so a {@code latest} symlink is not one.
     */
    static List<Path> runDirectories(Path workDir) throws IOException {
        List<Path> level = List.of(workDir.resolve("slaves"));
        for (String fixed : new String[] {"frameworks", "executors", "runs", null}) {
            List<Path> next = new ArrayList<>();
            for (Path dir : level) {
                for (Path child : subdirectories(dir)) {
                    next.add(fixed == null ? child : child.resolve(fixed));
                }
            }
            level = next;
        }
        return level;
    }

    private static List<Path> subdirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir, NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> subdirectories = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, NOFOLLOW_LINKS)) {
                    subdirectories.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        return subdirectories;
    }
}

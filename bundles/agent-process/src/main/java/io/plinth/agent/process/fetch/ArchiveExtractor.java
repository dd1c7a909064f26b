package io.plinth.agent.process.fetch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unpacks a fetched archive into the sandbox, like Mesos' fetcher: the kind is chosen by file name,
 * the archive itself stays. Stateless; each call works on its own files, so calls may run in parallel
 * (into different sandboxes, or into one sandbox when their entries do not collide).
 *
 * <p>Nothing is written outside the sandbox: entry names that are absolute or climb with "..",
 * symlinks whose target leaves the sandbox, and writes through a symlink that leads outside all fail
 * with {@link UnsafeEntryException}, and extraction stops at that entry.
 */
final class ArchiveExtractor {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveExtractor.class);

    enum Kind { TAR, TAR_GZ, TAR_BZ2, ZIP, GZ }

    private ArchiveExtractor() {
    }

    /** The archive kind by file name, empty for names that are not extracted. */
    static Optional<Kind> kindOf(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
            return Optional.of(Kind.TAR_GZ);
        }
        if (name.endsWith(".tar.bz2") || name.endsWith(".tbz2")) {
            return Optional.of(Kind.TAR_BZ2);
        }
        if (name.endsWith(".tar")) {
            return Optional.of(Kind.TAR);
        }
        if (name.endsWith(".zip")) {
            return Optional.of(Kind.ZIP);
        }
        if (name.endsWith(".gz")) {
            return Optional.of(Kind.GZ);
        }
        return Optional.empty();
    }

    /**
     * Extracts {@code archive} if its name says it is one.
     *
     * @param archive a file inside the sandbox
     * @param sandbox real path of the sandbox; tar and zip archives unpack into it, a lone {@code .gz}
     *                is unpacked next to itself
     * @return whether the file was an archive
     */
    static boolean extract(Path archive, Path sandbox) throws IOException {
        Optional<Kind> kind = kindOf(archive.getFileName().toString());
        if (kind.isEmpty()) {
            return false;
        }
        switch (kind.get()) {
            case TAR, TAR_GZ, TAR_BZ2 -> extractTar(archive, kind.get(), new Unpacker(sandbox));
            case ZIP -> extractZip(archive, new Unpacker(sandbox));
            case GZ -> gunzip(archive);
        }
        return true;
    }

    private static void extractTar(Path archive, Kind kind, Unpacker unpacker) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive));
             InputStream decompressed = decompressor(kind, file);
             TarArchiveInputStream tar = new TarArchiveInputStream(decompressed)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = SandboxPaths.relative("archive entry", entry.getName());
                if (path == null) {
                    continue; // "./": the sandbox itself
                }
                if (entry.isDirectory()) {
                    unpacker.directory(path, entry.getMode());
                } else if (entry.isSymbolicLink()) {
                    unpacker.symlink(path, entry.getLinkName());
                } else if (entry.isLink()) {
                    unpacker.hardLink(path, entry.getLinkName());
                } else if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
                    // Only root could create these, and a task sandbox has no use for them.
                    LOG.warn("Skipping special file '{}' in {}", entry.getName(), archive);
                } else if (entry.isFile()) {
                    unpacker.file(path, tar, entry.getMode());
                } else {
                    LOG.warn("Skipping entry '{}' of unsupported type '{}' in {}",
                            entry.getName(), (char) entry.getLinkFlag(), archive);
                }
            }
        }
        unpacker.finish();
    }

    private static InputStream decompressor(Kind kind, InputStream in) throws IOException {
        return switch (kind) {
            // Concatenated members are legal (e.g. pigz, cat a.gz b.gz) and gzip(1) reads them all.
            case TAR_GZ -> new GzipCompressorInputStream(in, true);
            case TAR_BZ2 -> new BZip2CompressorInputStream(in, true);
            default -> in;
        };
    }

    private static void extractZip(Path archive, Unpacker unpacker) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
            Enumeration<ZipArchiveEntry> entries = zip.getEntriesInPhysicalOrder();
            while (entries.hasMoreElements()) {
                ZipArchiveEntry entry = entries.nextElement();
                Path path = SandboxPaths.relative("archive entry", entry.getName());
                if (path == null) {
                    continue;
                }
                // 0 when the archive was made on a platform without unix modes: keep our defaults.
                int mode = entry.getUnixMode() & 0777;
                if (entry.isUnixSymlink()) {
                    unpacker.symlink(path, zip.getUnixSymlink(entry));
                } else if (entry.isDirectory()) {
                    unpacker.directory(path, mode);
                } else {
                    try (InputStream content = zip.getInputStream(entry)) {
                        unpacker.file(path, content, mode);
                    }
                }
            }
        }
        unpacker.finish();
    }

    private static void gunzip(Path archive) throws IOException {
        String name = archive.getFileName().toString();
        String plainName = name.substring(0, name.length() - ".gz".length());
        if (plainName.isEmpty()) {
            throw new FetchFailure("cannot name the output of gunzipping '" + name + "'");
        }
        Path directory = archive.getParent();
        Path temp = Files.createTempFile(directory, ".fetch-", ".part");
        try {
            try (InputStream in = new GzipCompressorInputStream(new BufferedInputStream(Files.newInputStream(archive)), true)) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            PosixModes.apply(temp, PosixModes.REGULAR);
            // rename(2) replaces a file or symlink of that name without following it.
            Files.move(temp, directory.resolve(plainName), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes the entries of one archive; remembers what must be checked or fixed up at the end. */
    private static final class Unpacker {

        private final Path root;
        private final List<Path> symlinks = new ArrayList<>();
        private final Map<Path, Integer> directoryModes = new LinkedHashMap<>();

        Unpacker(Path root) {
            this.root = root;
        }

        void directory(Path path, int mode) throws IOException {
            Path real = SandboxPaths.ensureDirectory(root, path);
            if ((mode & 0777) != 0) {
                directoryModes.put(real, mode & 0777);
            }
        }

        void file(Path path, InputStream content, int mode) throws IOException {
            Path target = SandboxPaths.ensureDirectory(root, path.getParent()).resolve(path.getFileName().toString());
            SandboxPaths.clearForNewEntry(root, target);
            // CREATE_NEW refuses to follow a symlink someone slipped in after the clear.
            try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                content.transferTo(out);
            }
            if ((mode & 0777) != 0) {
                PosixModes.apply(target, mode);
            }
        }

        void symlink(Path path, String linkTarget) throws IOException {
            if (linkTarget == null || linkTarget.isEmpty()) {
                throw new FetchFailure("symlink '" + path + "' has an empty target");
            }
            Path directory = SandboxPaths.ensureDirectory(root, path.getParent());
            Path target = Path.of(linkTarget);
            if (!directory.resolve(target).normalize().startsWith(root)) {
                throw new UnsafeEntryException("symlink '" + path + "' -> '" + linkTarget + "' points outside the sandbox");
            }
            Path link = directory.resolve(path.getFileName().toString());
            SandboxPaths.clearForNewEntry(root, link);
            Files.createSymbolicLink(link, target);
            symlinks.add(link);
            // The lexical test above misses a target that climbs out through an earlier symlink
            // (l -> ., s -> l/..); the real path does not.
            checkResolvesInside(link, linkTarget);
        }

        void hardLink(Path path, String linkTarget) throws IOException {
            // Tar names hard link targets relative to the archive root, not to the link.
            Path targetPath = SandboxPaths.relative("hard link target", linkTarget);
            if (targetPath == null) {
                throw new FetchFailure("hard link '" + path + "' points at the sandbox directory");
            }
            Path candidate = root.resolve(targetPath);
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                throw new FetchFailure("hard link '" + path + "' -> '" + linkTarget + "': target not in the archive before it");
            }
            Path target = candidate.toRealPath();
            if (!target.startsWith(root)) {
                throw new UnsafeEntryException("hard link '" + path + "' -> '" + linkTarget + "' points outside the sandbox");
            }
            if (!Files.isRegularFile(target)) {
                throw new FetchFailure("hard link '" + path + "' -> '" + linkTarget + "' does not point at a regular file");
            }
            Path link = SandboxPaths.ensureDirectory(root, path.getParent()).resolve(path.getFileName().toString());
            SandboxPaths.clearForNewEntry(root, link);
            Files.createLink(link, target);
        }

        /** Checks what only the whole archive shows, then applies directory modes. */
        void finish() throws IOException {
            // A link that dangled when it was made may now resolve through entries that came later.
            for (Path link : symlinks) {
                if (Files.isSymbolicLink(link)) {
                    checkResolvesInside(link, Files.readSymbolicLink(link).toString());
                }
            }
            // Deepest first, and only now: a read-only directory would have blocked its own entries.
            List<Path> directories = new ArrayList<>(directoryModes.keySet());
            directories.sort(Comparator.comparingInt(Path::getNameCount).reversed());
            for (Path directory : directories) {
                PosixModes.apply(directory, directoryModes.get(directory));
            }
        }

        private void checkResolvesInside(Path link, String linkTarget) throws IOException {
            if (Files.exists(link) && !link.toRealPath().startsWith(root)) {
                Files.delete(link);
                throw new UnsafeEntryException("symlink '" + root.relativize(link) + "' -> '" + linkTarget
                        + "' resolves outside the sandbox");
            }
        }
    }
}

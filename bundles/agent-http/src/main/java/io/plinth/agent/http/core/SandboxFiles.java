package io.plinth.agent.http.core;

import io.plinth.agent.http.core.FileAccessException.Refusal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Mesos' {@code /files} operations on the agent's sandboxes: {@link #browse}, {@link #read},
 * {@link #download}. Every path goes through {@link SandboxPaths} first; every refusal is a
 * {@link FileAccessException} with its status. Thread-safe; each call reads the file system anew.
 */
public final class SandboxFiles {

    /** The most {@link #read} returns at once, like Mesos' own cap on a read. */
    public static final int MAX_READ = 1024 * 1024;

    private final SandboxPaths paths;
    private final int maxRead;

    public SandboxFiles(SandboxPaths paths) {
        this(paths, MAX_READ);
    }

    /** @param maxRead the most one read returns, in bytes */
    public SandboxFiles(SandboxPaths paths, int maxRead) {
        this.paths = Objects.requireNonNull(paths, "paths");
        if (maxRead < 1) {
            throw new IllegalArgumentException("maxRead must be positive: " + maxRead);
        }
        this.maxRead = maxRead;
    }

    /**
     * The entries of a directory, by name. Entries are described as they are, links included: a link
     * shows as a link ({@code l...}) with its own size, so that nothing about its target (which may
     * lie outside the sandbox) is told.
     *
     * @throws FileAccessException 400 when the path names a file, and see {@link SandboxPaths#resolve}
     */
    public List<FileEntry> browse(String path) {
        SandboxPath resolved = paths.resolve(path);
        if (!Files.isDirectory(resolved.file(), LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAccessException(Refusal.BAD_REQUEST,
                    "Query parameter 'path' does not name a directory: '" + resolved.shown() + "'");
        }
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(resolved.file())) {
            entries.forEach(children::add);
        } catch (AccessDeniedException e) {
            throw new FileAccessException(Refusal.FORBIDDEN, "Access denied: '" + resolved.shown() + "'");
        } catch (IOException e) {
            throw new FileAccessException(Refusal.NOT_FOUND, "Cannot list '" + resolved.shown() + "': " + e.getMessage());
        }
        children.sort(Comparator.comparing(child -> child.getFileName().toString()));
        String prefix = resolved.shown().endsWith("/") ? resolved.shown() : resolved.shown() + "/";
        List<FileEntry> listing = new ArrayList<>(children.size());
        for (Path child : children) {
            try {
                listing.add(entry(prefix + child.getFileName(), child));
            } catch (IOException e) {
                // removed since the listing (a task cleaning up): it is simply no longer there
            }
        }
        return listing;
    }

    /**
     * Reads part of a file, Mesos' way. Without an offset (or with {@code -1}) nothing is read and
     * the answer's offset is the file's size, which is how clients find where to start following a
     * file. Without a length (or with {@code -1}) the rest of the file is read; never more than the
     * cap. At or past the end, data is empty and the offset is the one asked for.
     *
     * <p>A read that stops inside a multi-byte UTF-8 character is shortened to end before it, so
     * that a client following the file by byte offsets sees each character whole in the next read;
     * unless that character is all the read has, which is then returned (replaced) rather than
     * nothing.
     *
     * @param offset the {@code offset} parameter as received, null when absent
     * @param length the {@code length} parameter as received, null when absent
     * @throws FileAccessException 400 for a directory, a special file or bad numbers, and see
     *                             {@link SandboxPaths#resolve}
     */
    public FileChunk read(String path, String offset, String length) {
        SandboxPath resolved = paths.resolve(path);
        regularFile(resolved);
        long start = number("offset", offset);
        long wanted = number("length", length);
        try (FileChannel channel = open(resolved)) {
            long size = channel.size();
            if (start == -1) {
                return new FileChunk("", size);
            }
            if (start >= size || wanted == 0) {
                return new FileChunk("", start);
            }
            int count = (int) Math.min(size - start, wanted == -1 ? maxRead : Math.min(wanted, maxRead));
            ByteBuffer buffer = ByteBuffer.allocate(count);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, start + buffer.position()) < 0) {
                    break; // truncated since its size was taken
                }
            }
            int read = buffer.position();
            int whole = wholeCharacters(buffer.array(), read);
            return new FileChunk(new String(buffer.array(), 0, whole, StandardCharsets.UTF_8), start);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read '" + resolved.shown() + "'", e);
        }
    }

    /**
     * A file to download, its size taken now. The file is opened when the download is written.
     *
     * @throws FileAccessException 400 for a directory or a special file, and see {@link SandboxPaths#resolve}
     */
    public Download download(String path) {
        SandboxPath resolved = paths.resolve(path);
        BasicFileAttributes attributes = regularFile(resolved);
        String shown = resolved.shown();
        return new Download(shown.substring(shown.lastIndexOf('/') + 1), attributes.size(), resolved.file());
    }

    private static BasicFileAttributes regularFile(SandboxPath resolved) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(resolved.file(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new FileAccessException(Refusal.NOT_FOUND, "No such file or directory: '" + resolved.shown() + "'");
        }
        if (attributes.isDirectory()) {
            throw new FileAccessException(Refusal.BAD_REQUEST,
                    "Query parameter 'path' names a directory, not a file: '" + resolved.shown() + "'");
        }
        // a FIFO would block the reading thread until some task writes to it; devices have no end
        if (!attributes.isRegularFile()) {
            throw new FileAccessException(Refusal.BAD_REQUEST,
                    "Query parameter 'path' does not name a regular file: '" + resolved.shown() + "'");
        }
        return attributes;
    }

    /** Opens without following a link, should the resolved name have become one since it was resolved. */
    private static FileChannel open(SandboxPath resolved) {
        try {
            return FileChannel.open(resolved.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new FileAccessException(Refusal.NOT_FOUND, "No such file or directory: '" + resolved.shown() + "'");
        } catch (AccessDeniedException e) {
            throw new FileAccessException(Refusal.FORBIDDEN, "Access denied: '" + resolved.shown() + "'");
        } catch (IOException e) {
            // ELOOP: the name was swapped for a link after it was resolved
            throw new FileAccessException(Refusal.FORBIDDEN, "Query parameter 'path' leads outside its sandbox: '"
                    + resolved.shown() + "'");
        }
    }

    /** -1 when absent, else a number of at least -1. */
    private static long number(String name, String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        long number;
        try {
            number = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new FileAccessException(Refusal.BAD_REQUEST, "Query parameter '" + name + "' must be an integer: '" + value + "'");
        }
        if (number < -1) {
            throw new FileAccessException(Refusal.BAD_REQUEST, "Query parameter '" + name + "' must be -1 or more: " + number);
        }
        return number;
    }

    /** How many of the first {@code count} bytes end on a character boundary; see {@link #read}. */
    static int wholeCharacters(byte[] bytes, int count) {
        // a UTF-8 character is at most 4 bytes: its lead byte is among the last 4
        for (int i = count - 1; i >= Math.max(0, count - 4); i--) {
            int b = bytes[i] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue; // a continuation byte
            }
            int length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            boolean cut = b >= 0xc0 && b <= 0xf7 && i + length > count;
            return cut && i > 0 ? i : count;
        }
        return count;
    }

    private static FileEntry entry(String shown, Path file) throws IOException {
        Map<String, Object> unix;
        try {
            unix = Files.readAttributes(file, "unix:mode,nlink,size,lastModifiedTime,owner,group", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // not a Unix file system provider: the POSIX view tells all but the link count and special types
            PosixFileAttributes posix = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            char type = posix.isDirectory() ? 'd' : posix.isSymbolicLink() ? 'l' : posix.isRegularFile() ? '-' : '?';
            return new FileEntry(shown, 1, posix.size(), posix.lastModifiedTime().toMillis() / 1000,
                    type + permissions(posix.permissions()), posix.owner().getName(), posix.group().getName());
        }
        return new FileEntry(shown,
                ((Number) unix.get("nlink")).longValue(),
                ((Number) unix.get("size")).longValue(),
                ((FileTime) unix.get("lastModifiedTime")).toMillis() / 1000,
                mode(((Number) unix.get("mode")).intValue()),
                ((Principal) unix.get("owner")).getName(),
                ((Principal) unix.get("group")).getName());
    }

    /** A {@code st_mode} as {@code ls -l} prints it, with setuid, setgid and sticky bits. */
    static String mode(int mode) {
        char type = switch (mode & 0170000) {
            case 0040000 -> 'd';
            case 0120000 -> 'l';
            case 0100000 -> '-';
            case 0010000 -> 'p';
            case 0140000 -> 's';
            case 0020000 -> 'c';
            case 0060000 -> 'b';
            default -> '?';
        };
        return new StringBuilder(10).append(type)
                .append(bit(mode, 0400, 'r')).append(bit(mode, 0200, 'w')).append(special(mode, 0100, 04000, 's'))
                .append(bit(mode, 040, 'r')).append(bit(mode, 020, 'w')).append(special(mode, 010, 02000, 's'))
                .append(bit(mode, 04, 'r')).append(bit(mode, 02, 'w')).append(special(mode, 01, 01000, 't'))
                .toString();
    }

    private static char bit(int mode, int mask, char set) {
        return (mode & mask) != 0 ? set : '-';
    }

    /** The execute position: {@code x}, or the special bit's letter, capital when not executable. */
    private static char special(int mode, int execute, int specialBit, char letter) {
        boolean x = (mode & execute) != 0;
        if ((mode & specialBit) == 0) {
            return x ? 'x' : '-';
        }
        return x ? letter : Character.toUpperCase(letter);
    }

    private static String permissions(Set<PosixFilePermission> p) {
        return "" + (p.contains(PosixFilePermission.OWNER_READ) ? 'r' : '-')
                + (p.contains(PosixFilePermission.OWNER_WRITE) ? 'w' : '-')
                + (p.contains(PosixFilePermission.OWNER_EXECUTE) ? 'x' : '-')
                + (p.contains(PosixFilePermission.GROUP_READ) ? 'r' : '-')
                + (p.contains(PosixFilePermission.GROUP_WRITE) ? 'w' : '-')
                + (p.contains(PosixFilePermission.GROUP_EXECUTE) ? 'x' : '-')
                + (p.contains(PosixFilePermission.OTHERS_READ) ? 'r' : '-')
                + (p.contains(PosixFilePermission.OTHERS_WRITE) ? 'w' : '-')
                + (p.contains(PosixFilePermission.OTHERS_EXECUTE) ? 'x' : '-');
    }
}

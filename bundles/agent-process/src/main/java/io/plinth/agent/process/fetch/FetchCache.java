package io.plinth.agent.process.fetch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads kept on disk, one file per URI named by the SHA-256 hex of the URI string, evicted least
 * recently used first (last-modified time, set on insert and on every hit) to stay under a size limit.
 *
 * <p>Thread-safe. Concurrent requests for the same URI share one download: the first caller
 * downloads, the others wait and then copy the entry. An entry is pinned while it is being copied out,
 * so eviction by a concurrent insert cannot delete it under the reader. Entries are written as temp
 * files and renamed into place, so an entry is either absent or complete.
 */
final class FetchCache {

    /** Fills {@code file} (which exists and is empty) with the content of one URI. */
    @FunctionalInterface
    interface Download {
        void to(Path file) throws IOException, InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(FetchCache.class);
    private static final Pattern ENTRY_NAME = Pattern.compile("[0-9a-f]{64}");
    private static final String TEMP_PREFIX = ".fetch-";
    private static final String TEMP_SUFFIX = ".part";

    private final Path directory;
    private final long maxBytes;
    private final Clock clock;
    private final ConcurrentMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Entry name to number of readers copying it; guarded by {@link #lock}, like every delete and touch. */
    private final Map<String, Integer> pins = new HashMap<>();

    /**
     * Creates the directory if needed, removes temp files a previous run left behind and evicts down
     * to {@code maxBytes} (the limit may have shrunk since).
     *
     * @throws UncheckedIOException if the directory cannot be prepared
     */
    FetchCache(Path directory, long maxBytes, Clock clock) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.clock = clock;
        try {
            Files.createDirectories(directory);
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
                for (Path leftover : leftovers) {
                    Files.deleteIfExists(leftover);
                }
            }
            synchronized (lock) {
                evictLocked();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare fetcher cache " + directory, e);
        }
    }

    static String keyOf(String uri) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(uri.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /**
     * Copies the content of {@code uri} into {@code target}, from the cache if present, else by
     * running {@code download} once and keeping the result.
     *
     * @param target an existing file; it is overwritten
     * @return whether the content came from the cache without downloading
     */
    boolean copyTo(String uri, Download download, Path target) throws IOException, InterruptedException {
        String key = keyOf(uri);
        Path entry = directory.resolve(key);
        while (true) {
            if (copyIfPresent(key, entry, target)) {
                return true;
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> running = inFlight.putIfAbsent(key, mine);
            if (running != null) {
                awaitOther(running);
                continue; // it inserted the entry, or failed or was too large: look again
            }
            try {
                // The other download may have finished between our first look and putIfAbsent.
                if (copyIfPresent(key, entry, target)) {
                    return true;
                }
                downloadAndInsert(uri, key, entry, download, target);
                return false;
            } finally {
                inFlight.remove(key, mine);
                mine.complete(null);
            }
        }
    }

    private static void awaitOther(CompletableFuture<Void> running) throws InterruptedException {
        try {
            running.get();
        } catch (ExecutionException e) {
            // Never completed exceptionally; a failed download is retried by the next owner.
        }
    }

    private boolean copyIfPresent(String key, Path entry, Path target) throws IOException {
        synchronized (lock) {
            if (!Files.isRegularFile(entry)) {
                return false;
            }
            try {
                Files.setLastModifiedTime(entry, FileTime.from(clock.instant()));
            } catch (NoSuchFileException e) {
                return false; // removed behind our back
            }
            pins.merge(key, 1, Integer::sum);
        }
        try {
            Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
            LOG.debug("Fetcher cache hit for {}", entry.getFileName());
            return true;
        } finally {
            unpin(key);
        }
    }

    private void downloadAndInsert(String uri, String key, Path entry, Download download, Path target)
            throws IOException, InterruptedException {
        Path temp = Files.createTempFile(directory, TEMP_PREFIX, TEMP_SUFFIX);
        try {
            download.to(temp);
            long size = Files.size(temp);
            if (size > maxBytes) {
                LOG.debug("Not caching '{}': {} bytes exceed the cache size of {} bytes", uri, size, maxBytes);
                Files.copy(temp, target, StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            synchronized (lock) {
                Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                // Stamped from the clock, not left to the file system, so insert and hit order agree.
                Files.setLastModifiedTime(entry, FileTime.from(clock.instant()));
                pins.merge(key, 1, Integer::sum);
                evictLocked();
            }
            LOG.debug("Cached '{}' as {} ({} bytes)", uri, key, size);
            try {
                Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                unpin(key);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void unpin(String key) {
        synchronized (lock) {
            pins.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
        }
    }

    private record Entry(Path path, long size, FileTime lastUsed) {
    }

    /** Deletes least recently used, unpinned entries until the total fits. Caller holds {@link #lock}. */
    private void evictLocked() throws IOException {
        List<Entry> entries = new ArrayList<>();
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (!ENTRY_NAME.matcher(file.getFileName().toString()).matches()) {
                    continue; // temp files of downloads in progress, or foreign files
                }
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    entries.add(new Entry(file, attributes.size(), attributes.lastModifiedTime()));
                    total += attributes.size();
                }
            }
        }
        if (total <= maxBytes) {
            return;
        }
        entries.sort(Comparator.comparing(Entry::lastUsed).thenComparing(Entry::path));
        for (Entry candidate : entries) {
            if (total <= maxBytes) {
                break;
            }
            if (pins.containsKey(candidate.path().getFileName().toString())) {
                continue;
            }
            Files.deleteIfExists(candidate.path());
            total -= candidate.size();
            LOG.debug("Evicted {} ({} bytes) from the fetcher cache", candidate.path().getFileName(), candidate.size());
        }
        if (total > maxBytes) {
            LOG.debug("Fetcher cache holds {} bytes over its limit of {} while entries are in use", total - maxBytes, maxBytes);
        }
    }
}

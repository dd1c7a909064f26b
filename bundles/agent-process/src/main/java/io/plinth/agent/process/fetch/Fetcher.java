package io.plinth.agent.process.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mesos' fetcher: puts the {@code CommandInfo.URI}s of a task into its sandbox before it starts.
 *
 * <p>For each URI, in order: download ({@code http}, {@code https}) or copy ({@code file:///abs},
 * {@code /abs}) into a temp file next to the destination, rename it to the destination name (so a
 * half-written file never carries that name), then either make it executable ({@code executable}) or
 * unpack it into the sandbox if its name says it is an archive ({@code extract}, the default). With
 * {@code cache} and a configured cache directory the content is kept and reused across sandboxes.
 *
 * <p>Thread-safe: many {@link #fetch} calls may run in parallel, for different sandboxes or the same.
 * Each call blocks its caller until done; interrupting it abandons the download.
 */
public final class Fetcher {

    private static final Logger LOG = LoggerFactory.getLogger(Fetcher.class);

    private final HttpTransfer httpTransfer;
    private final FetchCache cache; // null when caching is off

    /**
     * @param http used for every http(s) download; redirects are followed as it is configured to
     * @throws java.io.UncheckedIOException if the cache directory cannot be created
     */
    public Fetcher(FetcherSettings settings, HttpClient http) {
        this(settings, http, Clock.systemUTC());
    }

    /** @param clock stamps cache entries with their last use; tests pass a fixed clock */
    Fetcher(FetcherSettings settings, HttpClient http, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(clock, "clock");
        this.httpTransfer = new HttpTransfer(http, settings.connectTimeout(), settings.readTimeout());
        this.cache = settings.cacheDir().map(dir -> new FetchCache(dir, settings.cacheMaxBytes(), clock)).orElse(null);
    }

    /**
     * Fetches every URI into sandbox (which exists), in order; the first failure stops and throws.
     * Files fetched before the failure stay. Thread-safe: many fetches run in parallel.
     *
     * @throws FetchException naming the URI that failed and why; if interrupted, with the interrupt
     *                        flag set again
     */
    public void fetch(List<CommandInfo.URI> uris, Path sandbox) throws FetchException {
        Objects.requireNonNull(uris, "uris");
        Objects.requireNonNull(sandbox, "sandbox");
        for (CommandInfo.URI uri : uris) {
            fetchOne(uri, sandbox);
        }
    }

    private void fetchOne(CommandInfo.URI uri, Path sandbox) throws FetchException {
        String value = uri.getValue();
        LOG.debug("Fetching '{}' into {} (extract={}, executable={}, cache={}{})", value, sandbox,
                uri.getExtract(), uri.getExecutable(), uri.getCache(),
                uri.hasOutputFile() ? ", output_file=" + uri.getOutputFile() : "");
        long started = System.nanoTime();
        try {
            Source source = Source.parse(value);
            Path root = realSandbox(sandbox);
            Path destination = destination(uri, source, root);
            boolean cached = deliver(uri, source, destination);
            boolean extracted = false;
            // As in Mesos, an executable is never unpacked.
            if (!uri.getExecutable() && uri.getExtract()) {
                try {
                    extracted = ArchiveExtractor.extract(destination, root);
                } catch (IOException e) {
                    throw new FetchFailure("extracting '" + root.relativize(destination) + "' failed: " + describe(e), e);
                }
            }
            LOG.debug("Fetched '{}' to {} in {} ms ({}{})", value, destination, (System.nanoTime() - started) / 1_000_000,
                    cached ? "from cache" : "downloaded", extracted ? ", extracted" : "");
        } catch (IOException e) {
            throw failure(new FetchException(value, describe(e), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(new FetchException(value, "interrupted", e));
        }
    }

    private static FetchException failure(FetchException e) {
        LOG.warn(e.getMessage());
        LOG.debug("Fetch failure detail", e);
        return e;
    }

    private static String describe(IOException e) {
        if (e instanceof FetchFailure) {
            return e.getMessage();
        }
        if (e instanceof NoSuchFileException) {
            return "no such file '" + e.getMessage() + "'";
        }
        String type = e.getClass().getSimpleName();
        return e.getMessage() == null ? type : type + ": " + e.getMessage();
    }

    private static Path realSandbox(Path sandbox) throws IOException {
        Path real = sandbox.toRealPath();
        if (!Files.isDirectory(real)) {
            throw new FetchFailure("sandbox " + sandbox + " is not a directory");
        }
        return real;
    }

    /** The final path of the fetched file; creates the directories of {@code output_file}. */
    private static Path destination(CommandInfo.URI uri, Source source, Path root) throws IOException {
        Path relative;
        if (uri.hasOutputFile()) {
            relative = SandboxPaths.relative("output_file", uri.getOutputFile());
            if (relative == null) {
                throw new FetchFailure("output_file '" + uri.getOutputFile() + "' does not name a file");
            }
        } else {
            relative = Path.of(source.fileName());
        }
        Path directory = SandboxPaths.ensureDirectory(root, relative.getParent());
        return directory.resolve(relative.getFileName().toString());
    }

    /** Writes the content to a temp file beside {@code destination} and renames it into place. */
    private boolean deliver(CommandInfo.URI uri, Source source, Path destination) throws IOException, InterruptedException {
        Path temp = Files.createTempFile(destination.getParent(), ".fetch-", ".part");
        try {
            boolean cached = false;
            if (uri.getCache() && cache != null) {
                cached = cache.copyTo(uri.getValue(), file -> transfer(source, file), temp);
            } else {
                transfer(source, temp);
            }
            // createTempFile made it 0600; a task running as another user still needs to read it.
            PosixModes.apply(temp, uri.getExecutable() ? PosixModes.EXECUTABLE : PosixModes.REGULAR);
            Files.move(temp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return cached;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void transfer(Source source, Path target) throws IOException, InterruptedException {
        if (source instanceof HttpSource http) {
            httpTransfer.download(http.uri(), target);
        } else if (source instanceof LocalSource local) {
            copyLocal(local.path(), target);
        }
    }

    private static void copyLocal(Path path, Path target) throws IOException {
        if (!Files.exists(path)) {
            throw new FetchFailure("no such file '" + path + "'");
        }
        // Files.copy would replace the target with an empty directory.
        if (!Files.isRegularFile(path)) {
            throw new FetchFailure("'" + path + "' is not a regular file");
        }
        Files.copy(path, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Where a URI's content comes from. */
    private sealed interface Source permits HttpSource, LocalSource {

        /** The default destination name: the last segment of the path. */
        String fileName() throws FetchFailure;

        static Source parse(String value) throws FetchFailure {
            if (value.isEmpty()) {
                throw new FetchFailure("empty URI");
            }
            if (value.startsWith("/")) {
                return LocalSource.of(value);
            }
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new FetchFailure("malformed URI: " + e.getReason());
            }
            String scheme = uri.getScheme();
            if (scheme == null) {
                throw new FetchFailure("unsupported scheme: neither a URI with a scheme nor an absolute path");
            }
            switch (scheme.toLowerCase(Locale.ROOT)) {
                case "http", "https" -> {
                    if (uri.getHost() == null) {
                        throw new FetchFailure("no host in URI");
                    }
                    return new HttpSource(uri);
                }
                case "file" -> {
                    String authority = uri.getRawAuthority();
                    if (authority != null && !authority.isEmpty() && !authority.equalsIgnoreCase("localhost")) {
                        throw new FetchFailure("file URI names host '" + authority + "'; only local files (file:///path) are supported");
                    }
                    if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
                        throw new FetchFailure("file URI must hold an absolute path (file:///path)");
                    }
                    return LocalSource.of(uri.getPath());
                }
                default -> throw new FetchFailure("unsupported scheme '" + scheme + "'");
            }
        }

        static String lastSegment(String path) throws FetchFailure {
            String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('\0') >= 0) {
                throw new FetchFailure("cannot take a file name from path '" + path + "'; set output_file");
            }
            return name;
        }
    }

    private record HttpSource(URI uri) implements Source {
        @Override
        public String fileName() throws FetchFailure {
            return Source.lastSegment(uri.getPath());
        }
    }

    private record LocalSource(Path path) implements Source {
        static LocalSource of(String path) throws FetchFailure {
            try {
                return new LocalSource(Path.of(path));
            } catch (InvalidPathException e) {
                throw new FetchFailure("invalid path: " + e.getReason());
            }
        }

        @Override
        public String fileName() throws FetchFailure {
            return Source.lastSegment(path.toString());
        }
    }
}

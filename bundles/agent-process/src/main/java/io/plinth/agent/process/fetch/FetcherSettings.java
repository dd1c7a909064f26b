package io.plinth.agent.process.fetch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of a {@link Fetcher}.
 *
 * @param cacheDir       directory that holds cached downloads; empty disables the cache, so every
 *                       URI is downloaded even when it asks for {@code cache}. The directory belongs
 *                       to one {@code Fetcher}: two fetchers sharing it would evict each other's
 *                       entries without knowing which are in use.
 * @param cacheMaxBytes  upper bound of the summed size of cache entries; least recently used
 *                       entries are deleted to stay below it. A download larger than this is
 *                       delivered but not cached.
 * @param connectTimeout time allowed for connecting; it is added to {@code readTimeout} to bound the
 *                       wait for response headers, because a request timeout of java.net.http
 *                       covers connecting too. Give the {@code HttpClient} the same connect timeout
 *                       to bound the connect phase on its own.
 * @param readTimeout    longest time without any data: until response headers arrive (after
 *                       connecting) and between two chunks of the body (Mesos' stall timeout).
 */
public record FetcherSettings(Optional<Path> cacheDir, long cacheMaxBytes, Duration connectTimeout, Duration readTimeout) {

    /** Mesos' default {@code --fetcher_cache_size}. */
    public static final long DEFAULT_CACHE_MAX_BYTES = 2L * 1024 * 1024 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Mesos' default {@code --fetcher_stall_timeout}. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    public FetcherSettings {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (cacheMaxBytes < 0) {
            throw new IllegalArgumentException("cacheMaxBytes must not be negative: " + cacheMaxBytes);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
        }
        if (readTimeout.isNegative() || readTimeout.isZero()) {
            throw new IllegalArgumentException("readTimeout must be positive: " + readTimeout);
        }
    }

    /** Settings with a cache in {@code cacheDir} and Mesos' default size and timeouts. */
    public static FetcherSettings defaults(Path cacheDir) {
        return new FetcherSettings(Optional.of(Objects.requireNonNull(cacheDir, "cacheDir")),
                DEFAULT_CACHE_MAX_BYTES, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }
}

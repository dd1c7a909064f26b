package io.plinth.agent.process.fetch;

import static io.plinth.agent.process.fetch.FetcherTest.read;
import static io.plinth.agent.process.fetch.FetcherTest.uri;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherCacheTest {

    /** A clock the test moves by hand, so "least recently used" does not depend on timestamp granularity. */
    private static final class StepClock extends Clock {
        private volatile Instant now = Instant.parse("2024-01-01T00:00:00Z");

        void advance() {
            now = now.plusSeconds(1);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @TempDir
    Path temp;

    private TestServer server;
    private Path cacheDir;
    private final StepClock clock = new StepClock();

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
        cacheDir = temp.resolve("cache");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Fetcher fetcher(long cacheMaxBytes) {
        return new Fetcher(new FetcherSettings(Optional.of(cacheDir), cacheMaxBytes, Duration.ofSeconds(5), Duration.ofSeconds(5)),
                FetcherTest.client(), clock);
    }

    private Path newSandbox() throws IOException {
        return Files.createTempDirectory(temp, "sandbox");
    }

    private static CommandInfo.URI cached(String url) {
        return uri(url).toBuilder().setCache(true).build();
    }

    private static byte[] bytes(int size, char fill) {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) fill);
        return content;
    }

    private List<String> cacheEntries() throws IOException {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(String value) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cachedUriIsDownloadedOnceForTwoSandboxes() throws Exception {
        server.serve("/app.tgz", new Archives().file("bin/app", "app", 0755).tarGz());
        String url = server.url("/app.tgz");
        Fetcher fetcher = fetcher(1 << 20);
        Path first = newSandbox();
        Path second = newSandbox();

        fetcher.fetch(List.of(cached(url)), first);
        fetcher.fetch(List.of(cached(url)), second);

        assertEquals(1, server.requests("/app.tgz"));
        assertEquals("app", read(first.resolve("bin/app")));
        assertEquals("app", read(second.resolve("bin/app")));
        assertTrue(Files.isExecutable(second.resolve("bin/app")));
        assertEquals(List.of(sha256(url)), cacheEntries());
    }

    @Test
    void uncachedUriIsDownloadedEveryTime() throws Exception {
        server.serve("/plain.txt", "x".getBytes(StandardCharsets.UTF_8));
        String url = server.url("/plain.txt");
        Fetcher fetcher = fetcher(1 << 20);

        fetcher.fetch(List.of(uri(url)), newSandbox());
        fetcher.fetch(List.of(uri(url)), newSandbox());

        assertEquals(2, server.requests("/plain.txt"));
        assertEquals(List.of(), cacheEntries());
    }

    @Test
    void withoutCacheDirCacheFlagIsIgnored() throws Exception {
        server.serve("/plain.txt", "x".getBytes(StandardCharsets.UTF_8));
        String url = server.url("/plain.txt");
        Fetcher fetcher = new Fetcher(new FetcherSettings(Optional.empty(), 1 << 20, Duration.ofSeconds(5), Duration.ofSeconds(5)),
                FetcherTest.client());

        fetcher.fetch(List.of(cached(url)), newSandbox());
        fetcher.fetch(List.of(cached(url)), newSandbox());

        assertEquals(2, server.requests("/plain.txt"));
    }

    @Test
    void failedDownloadIsNotCachedAndIsRetried() throws Exception {
        String url = server.url("/later.txt");
        Fetcher fetcher = fetcher(1 << 20);

        org.junit.jupiter.api.Assertions.assertThrows(FetchException.class, () -> fetcher.fetch(List.of(cached(url)), newSandbox()));
        assertEquals(List.of(), cacheEntries());
        server.serve("/later.txt", "now".getBytes(StandardCharsets.UTF_8));
        Path sandbox = newSandbox();
        fetcher.fetch(List.of(cached(url)), sandbox);

        assertEquals("now", read(sandbox.resolve("later.txt")));
        assertEquals(2, server.requests("/later.txt"));
    }

    @Test
    void leastRecentlyUsedEntryIsEvictedWhenOverTheLimit() throws Exception {
        server.serve("/a.bin", bytes(600, 'a'));
        server.serve("/b.bin", bytes(600, 'b'));
        server.serve("/c.bin", bytes(600, 'c'));
        server.serve("/huge.bin", bytes(2000, 'h'));
        String a = server.url("/a.bin");
        String b = server.url("/b.bin");
        String c = server.url("/c.bin");
        Fetcher fetcher = fetcher(1500);

        fetcher.fetch(List.of(cached(a)), newSandbox());
        clock.advance();
        fetcher.fetch(List.of(cached(b)), newSandbox());
        clock.advance();
        fetcher.fetch(List.of(cached(a)), newSandbox()); // hit: a is now more recent than b
        clock.advance();
        fetcher.fetch(List.of(cached(c)), newSandbox()); // 1800 bytes > 1500: b goes

        assertEquals(1, server.requests("/a.bin"));
        assertEquals(List.of(sha256(a), sha256(c)).stream().sorted().toList(), cacheEntries());

        clock.advance();
        fetcher.fetch(List.of(cached(a)), newSandbox());
        clock.advance();
        fetcher.fetch(List.of(cached(b)), newSandbox()); // downloaded again; now c is the oldest
        assertEquals(1, server.requests("/a.bin"));
        assertEquals(2, server.requests("/b.bin"));
        assertEquals(List.of(sha256(a), sha256(b)).stream().sorted().toList(), cacheEntries());

        // Larger than the whole cache: delivered, not kept, nothing else evicted for it.
        Path sandbox = newSandbox();
        fetcher.fetch(List.of(cached(server.url("/huge.bin"))), sandbox);
        assertEquals(2000, Files.size(sandbox.resolve("huge.bin")));
        assertEquals(List.of(sha256(a), sha256(b)).stream().sorted().toList(), cacheEntries());
    }

    @Test
    void restartWithSmallerLimitEvictsAndDropsLeftoverTempFiles() throws Exception {
        server.serve("/a.bin", bytes(600, 'a'));
        server.serve("/b.bin", bytes(600, 'b'));
        Fetcher big = fetcher(2000);
        big.fetch(List.of(cached(server.url("/a.bin"))), newSandbox());
        clock.advance();
        big.fetch(List.of(cached(server.url("/b.bin"))), newSandbox());
        Files.writeString(cacheDir.resolve(".fetch-crashed.part"), "half");

        fetcher(1000);

        assertEquals(List.of(sha256(server.url("/b.bin"))), cacheEntries());
    }

    @Test
    void concurrentFetchesOfOneCachedUriShareOneDownload() throws Exception {
        server.serve("/shared.tgz", new Archives().file("data", "shared", 0644).tarGz());
        String url = server.url("/shared.tgz");
        Fetcher fetcher = fetcher(1 << 20);
        int threads = 8;
        CountDownLatch release = server.holdRequests();
        CountDownLatch started = new CountDownLatch(threads);
        List<Path> sandboxes = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Path sandbox = newSandbox();
            sandboxes.add(sandbox);
            Thread worker = new Thread(() -> {
                started.countDown();
                try {
                    fetcher.fetch(List.of(cached(url)), sandbox);
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            workers.add(worker);
            worker.start();
        }

        // Hold the first download until every worker is running, so the others overlap it.
        assertTrue(started.await(10, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests("/shared.tgz") >= 1);
        release.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(worker.isAlive());
        }

        assertEquals(List.of(), failures);
        assertEquals(1, server.requests("/shared.tgz"));
        for (Path sandbox : sandboxes) {
            assertEquals("shared", read(sandbox.resolve("data")));
        }
        assertEquals(List.of(sha256(url)), cacheEntries());
    }
}

package io.plinth.marathon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpProbeTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpProbe probe = HttpProbe.http(executor);
    private final TestHttpServer server;

    HttpProbeTest() throws IOException {
        server = TestHttpServer.http();
    }

    @AfterEach
    void stop() {
        server.close();
        executor.shutdownNow();
    }

    private Optional<ProbeOutcome> probe(String path, int timeoutSeconds, boolean ignore1xx) throws Exception {
        return probe.probe("127.0.0.1", server.port(), Checks.timed("HTTP", path, 60, timeoutSeconds, ignore1xx))
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void status200PassesAndTheCheckPathIsRequested() throws Exception {
        assertEquals(Optional.of(new ProbeOutcome(true, null)), probe("/health?deep=1", 5, false));
        assertEquals(List.of("/health?deep=1"), server.uris);
    }

    @Test
    void redirectsPassWithoutBeingFollowed() throws Exception {
        server.status.set(302);
        assertEquals(Optional.of(new ProbeOutcome(true, null)), probe("/", 5, false));
        assertEquals(1, server.uris.size());
    }

    @Test
    void status500Fails() throws Exception {
        server.status.set(500);
        assertEquals(Optional.of(new ProbeOutcome(false, "HTTP 500")), probe("/", 5, false));
    }

    @Test
    void aServerSlowerThanTheTimeoutFails() throws Exception {
        server.hang();
        long start = System.nanoTime();
        assertEquals(Optional.of(new ProbeOutcome(false, "timed out after 1 s")), probe("/", 1, false));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) < 5000);
    }

    @Test
    void aClosedPortFailsAsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Optional<ProbeOutcome> outcome = probe.probe("127.0.0.1", port, Checks.timed("HTTP", "/", 60, 5, false))
                .get(10, TimeUnit.SECONDS);
        assertEquals(Optional.of(new ProbeOutcome(false, "connection refused")), outcome);
    }

    @Test
    void statusCodesAreJudgedAsMarathonDoes() {
        assertTrue(HttpProbe.judge(200, false).orElseThrow().passed());
        assertTrue(HttpProbe.judge(399, false).orElseThrow().passed());
        assertFalse(HttpProbe.judge(400, false).orElseThrow().passed());
        assertEquals(Optional.of(new ProbeOutcome(false, "HTTP 199")), HttpProbe.judge(199, false));
        assertEquals(Optional.of(new ProbeOutcome(false, "HTTP 101")), HttpProbe.judge(101, false));
        assertEquals(Optional.empty(), HttpProbe.judge(101, true));
        assertEquals(Optional.empty(), HttpProbe.judge(199, true));
        assertFalse(HttpProbe.judge(503, true).orElseThrow().passed());
    }

    @Test
    void urlsBracketIpv6HostsAndQuoteOddPaths() {
        assertEquals(URI.create("http://[::1]:8080/h"), HttpProbe.uri("http", "::1", 8080, "/h"));
        assertEquals(URI.create("https://[::1]:8080/h"), HttpProbe.uri("https", "[::1]", 8080, "/h"));
        assertEquals("/a%20b", HttpProbe.uri("http", "10.0.0.1", 80, "/a b").getRawPath());
        assertEquals("/h", HttpProbe.uri("http", "10.0.0.1", 80, "h").getPath());
    }
}

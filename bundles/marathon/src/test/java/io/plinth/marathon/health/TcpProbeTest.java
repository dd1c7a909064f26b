package io.plinth.marathon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final TcpProbe probe = new TcpProbe(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void anOpenPortPassesAndTheConnectionIsClosed() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Optional<ProbeOutcome> outcome = probe.probe("127.0.0.1", server.getLocalPort(), Checks.of("TCP"))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(Optional.of(new ProbeOutcome(true, null)), outcome);
            server.setSoTimeout(5000);
            try (Socket accepted = server.accept()) {
                assertEquals(-1, accepted.getInputStream().read(), "probe sends nothing and closes");
            }
        }
    }

    @Test
    void aClosedPortFails() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        Optional<ProbeOutcome> outcome = probe.probe("127.0.0.1", port, Checks.of("TCP")).get(10, TimeUnit.SECONDS);
        assertEquals(Optional.of(new ProbeOutcome(false, "connection refused")), outcome);
    }

    @Test
    void anUnknownHostFails() throws Exception {
        Optional<ProbeOutcome> outcome = probe.probe("no-such-host.invalid", 80, Checks.of("TCP"))
                .get(30, TimeUnit.SECONDS);
        assertEquals(Optional.of(new ProbeOutcome(false, "unknown host no-such-host.invalid")), outcome);
    }

    @Test
    void aStoppedExecutorGivesAFailureNotAnException() throws Exception {
        executor.shutdown();
        Optional<ProbeOutcome> outcome = probe.probe("127.0.0.1", 1, Checks.of("TCP")).get(1, TimeUnit.SECONDS);
        assertEquals(Optional.of(new ProbeOutcome(false, "not probed: executor stopped")), outcome);
    }
}

package io.plinth.agent.process.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TcpHealthCheckTest extends CheckerFixture {

    private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());

    TcpHealthCheckTest() throws IOException {
    }

    @AfterEach
    void closeServer() throws IOException {
        server.close();
    }

    @Test
    void openPortIsHealthyAndClosedPortIsNot() throws IOException {
        started(fast().setType(HealthCheck.Type.TCP)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(server.getLocalPort())).build(), loopback());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
        server.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true, false)));
        assertEquals(0, listener.failedTooOftenCount());
        assertThreadingPromisesKept();
    }

    @Test
    void closedPortCountsTowardsGivingUp() throws IOException {
        int port = server.getLocalPort();
        server.close();
        // No type: it is inferred from the one filled-in check.
        started(fast().setConsecutiveFailures(3)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(port)).build(), loopback());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.failedTooOftenCount() == 1);
        assertEquals(List.of(false), listener.changes());
        assertEquals(3, listener.calls.get(1).failures());
    }
}

package io.plinth.agent.process.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpHealthCheckTest extends CheckerFixture {

    private final TestHttpServer server = new TestHttpServer();

    HttpHealthCheckTest() throws IOException {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HealthCheck.Builder http() {
        return fast().setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(server.port()));
    }

    @Test
    void reportsHealthyThenUnhealthyOnlyWhenTheVerdictFlips() {
        started(http().build(), loopback());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
        server.status.set(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true, false)));

        // Many more failing checks, but no more calls: only flips are reported, and 0 never gives up.
        int requests = server.requests.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests.get() >= requests + 5);
        assertEquals(List.of(true, false), listener.changes());
        assertEquals(0, listener.failedTooOftenCount());
        assertTrue(listener.calls.get(1).detail().contains("500"), listener.calls.get(1).detail());
        assertEquals("/", server.uris.get(0), "path defaults to /");
        assertThreadingPromisesKept();
    }

    @Test
    void givesUpOnceAfterConsecutiveFailuresAndStopsChecking() {
        started(http().setConsecutiveFailures(2).build(), loopback());
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));

        server.status.set(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.failedTooOftenCount() == 1);

        assertEquals(3, listener.calls.size(), listener.calls::toString);
        RecordingListener.Call gaveUp = listener.calls.get(2);
        assertEquals(2, gaveUp.failures());
        assertTrue(gaveUp.detail().contains("500"), gaveUp.detail());
        int requests = server.requests.get();
        await().during(Duration.ofMillis(700)).atMost(Duration.ofSeconds(2))
                .until(() -> server.requests.get() == requests && listener.calls.size() == 3);
        assertThreadingPromisesKept();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        started(http().setConsecutiveFailures(3).build(), loopback());
        server.status.set(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
        server.status.set(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false, true)));
        server.status.set(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.failedTooOftenCount() == 1);
        // Failures before the success must not have counted: the last run alone reached the limit.
        assertEquals(3, listener.calls.get(listener.calls.size() - 1).failures());
        assertEquals(List.of(false, true, false), listener.changes());
    }

    @Test
    void countsRedirectsAndFollowsThemLikeCurlL() {
        server.status.set(204);
        started(http().setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(server.port()).setPath("/moved"))
                .build(), loopback());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
        assertTrue(server.uris.contains("/moved") && server.uris.contains("/"), server.uris::toString);
        server.status.set(503);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true, false)));
    }

    @Test
    void sendsPathAndQueryAsGiven() {
        started(http().setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(server.port())
                .setScheme("http").setPath("/health?deep=1")).build(), loopback());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
        assertEquals("/health?deep=1", server.uris.get(0));
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsUnhealthy() {
        server.hang();
        started(http().setTimeoutSeconds(0.3).build(), loopback());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
        assertTrue(listener.calls.get(0).detail().contains("timed out"), listener.calls.get(0).detail());
    }

    @Test
    void nothingListeningIsUnhealthy() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        started(fast().setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(closedPort)).build(), loopback());

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
        assertTrue(listener.calls.get(0).detail().contains("failed"), listener.calls.get(0).detail());
    }
}

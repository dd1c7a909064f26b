package io.plinth.agent.process.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The grace period runs on the injected clock, which these tests hold still or move by hand. */
class GracePeriodTest extends CheckerFixture {

    private final TestHttpServer server = new TestHttpServer();
    private final TestClock clock = new TestClock();

    GracePeriodTest() throws IOException {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HealthCheck graceful(int consecutiveFailures) {
        return fast().setGracePeriodSeconds(5).setConsecutiveFailures(consecutiveFailures)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(server.port())).build();
    }

    @Test
    void failuresWithinTheGracePeriodAreIgnored() {
        server.status.set(500);
        started(graceful(1), loopback(), clock);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests.get() >= 5);
        assertEquals(List.of(), listener.calls);
    }

    @Test
    void afterASuccessFailuresCountEvenWithinTheGracePeriod() {
        server.status.set(500);
        started(graceful(2), loopback(), clock);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests.get() >= 3);

        server.status.set(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
        server.status.set(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.failedTooOftenCount() == 1);

        assertEquals(List.of(true, false), listener.changes());
        assertEquals(2, listener.calls.get(2).failures());
        assertThreadingPromisesKept();
    }

    @Test
    void failuresCountOnceTheGracePeriodHasPassed() {
        server.status.set(500);
        started(graceful(0), loopback(), clock);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests.get() >= 3);
        assertEquals(List.of(), listener.calls);

        clock.advance(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
    }
}

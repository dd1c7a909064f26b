package io.plinth.agent.process.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CloseTest extends CheckerFixture {

    private final TestHttpServer server = new TestHttpServer();

    CloseTest() throws IOException {
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private HealthCheck check() {
        return fast().setIntervalSeconds(0.05)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(server.port())).build();
    }

    @Test
    void closeStopsChecksAndCalls() {
        HealthChecker checker = started(check(), loopback());
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));

        checker.close();
        server.status.set(500); // would be reported if anything still ran

        int requests = server.requests.get();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> server.requests.get() == requests && listener.calls.size() == 1);
        checker.close(); // twice is fine
        checker.start(); // and starting a closed checker does nothing
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1))
                .until(() -> server.requests.get() == requests);
    }

    @Test
    void closeFromWithinTheListenerStopsFurtherCalls() {
        HealthChecker[] self = new HealthChecker[1];
        listener.onCall(call -> self[0].close());
        HealthChecker checker = new HealthChecker(check(), loopback(), timer, blocking, Clock.systemUTC(), listener);
        self[0] = checker;
        server.status.set(500);
        checker.start();

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.calls.size() == 1);
        int requests = server.requests.get();
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> server.requests.get() == requests && listener.calls.size() == 1);
    }

    @Test
    void closeBeforeStartIsFineAndStartTwiceIsNot() {
        HealthChecker unstarted = new HealthChecker(check(), loopback(), timer, blocking, Clock.systemUTC(), listener);
        unstarted.close();
        unstarted.close();

        HealthChecker checker = started(check(), loopback());
        assertThrows(IllegalStateException.class, checker::start);
        assertEquals(0, listener.failedTooOftenCount());
    }

    @Test
    void checksStartOnlyAfterTheDelay() {
        started(fast().setDelaySeconds(600)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(server.port())).build(), loopback());

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> server.requests.get() == 0);
    }
}

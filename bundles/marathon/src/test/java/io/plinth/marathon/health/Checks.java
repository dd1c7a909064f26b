package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;

/** Health checks for tests, with Marathon's defaults where a test does not care. */
final class Checks {

    private Checks() {
    }

    static HealthCheck of(String protocol) {
        return new HealthCheck(protocol, "/health", 0, null, null, 300, 60, 20, 3, false, 15);
    }

    static HealthCheck withGraceAndMax(int graceSeconds, int maxConsecutiveFailures) {
        return new HealthCheck("HTTP", "/", 0, null, null, graceSeconds, 60, 20, maxConsecutiveFailures, false, 15);
    }

    static HealthCheck timed(String protocol, String path, int intervalSeconds, int timeoutSeconds, boolean ignore1xx) {
        return new HealthCheck(protocol, path, 0, null, null, 300, intervalSeconds, timeoutSeconds, 3, ignore1xx, 15);
    }

    static HealthCheck onPort(String protocol, Integer portIndex, Integer port) {
        return new HealthCheck(protocol, "/", portIndex, port, null, 300, 1, 20, 3, false, 15);
    }
}

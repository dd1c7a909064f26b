package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One protocol of Marathon-side health check (HTTP, HTTPS, TCP), run against a task's host and port.
 *
 * <p>The {@link HealthCheckRunner} calls {@link #probe} from its scheduler thread, at most once at a
 * time per (task, check), possibly concurrently for different ones. It must not block: the work runs
 * elsewhere and the future completes — within about the check's {@code timeoutSeconds} — with an
 * outcome, or with an empty optional when the check gave no result (an HTTP 1xx with
 * {@code ignoreHttp1xx}: Marathon then leaves the task's health as it was). Failures are outcomes,
 * not exceptional completions; the runner still turns an exceptional completion into a failure.
 */
public interface Probe {

    /** Checks {@code host:port} as {@code check} says. */
    CompletableFuture<Optional<ProbeOutcome>> probe(String host, int port, HealthCheck check);

    /**
     * The probes the runner needs, keyed by protocol: {@code HTTP}, {@code HTTPS} and {@code TCP}.
     * Blocking work (TCP connects, the HTTP client's callbacks) runs on {@code executor}.
     */
    static Map<String, Probe> standard(Executor executor) {
        return Map.of("HTTP", HttpProbe.http(executor), "HTTPS", HttpProbe.https(executor),
                "TCP", new TcpProbe(executor));
    }
}

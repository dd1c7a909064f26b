package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Marathon's TCP check: a connection to {@code host:port} accepted within {@code timeoutSeconds} passes;
 * it is closed at once without sending anything. The blocking connect (and the host name lookup) runs
 * on the executor given. Thread-safe; one instance serves all tasks.
 */
public final class TcpProbe implements Probe {

    private final Executor executor;

    public TcpProbe(Executor executor) {
        this.executor = executor;
    }

    @Override
    public CompletableFuture<Optional<ProbeOutcome>> probe(String host, int port, HealthCheck check) {
        int timeoutSeconds = Failures.timeoutSeconds(check);
        try {
            return CompletableFuture.supplyAsync(() -> Optional.of(connect(host, port, timeoutSeconds)), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.completedFuture(Optional.of(ProbeOutcome.fail("not probed: executor stopped")));
        }
    }

    private static ProbeOutcome connect(String host, int port, int timeoutSeconds) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutSeconds * 1000);
            return ProbeOutcome.pass();
        } catch (IOException | IllegalArgumentException e) {
            return ProbeOutcome.fail(Failures.describe(e, timeoutSeconds));
        }
    }
}

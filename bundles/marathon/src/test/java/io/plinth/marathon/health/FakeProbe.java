package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/** A probe whose answers the test decides; it records every call and keeps the futures it handed out. */
final class FakeProbe implements Probe {

    record Call(String host, int port, HealthCheck check, CompletableFuture<Optional<ProbeOutcome>> answer) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Supplier<CompletableFuture<Optional<ProbeOutcome>>> answers;

    FakeProbe(Supplier<CompletableFuture<Optional<ProbeOutcome>>> answers) {
        this.answers = answers;
    }

    static FakeProbe passing() {
        return new FakeProbe(() -> CompletableFuture.completedFuture(Optional.of(new ProbeOutcome(true, null))));
    }

    /** Answers only when the test completes {@link Call#answer()}. */
    static FakeProbe pending() {
        return new FakeProbe(CompletableFuture::new);
    }

    @Override
    public CompletableFuture<Optional<ProbeOutcome>> probe(String host, int port, HealthCheck check) {
        CompletableFuture<Optional<ProbeOutcome>> answer = answers.get();
        calls.add(new Call(host, port, check, answer));
        return answer;
    }
}

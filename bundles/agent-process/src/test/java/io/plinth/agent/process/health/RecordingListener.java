package io.plinth.agent.process.health;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Records every call, the thread it came on, and whether two calls ever overlapped, so tests can hold
 * the checker to its threading promises.
 */
final class RecordingListener implements HealthListener {

    /** {@code failedTooOften} calls have {@code healthy == false} and {@code failures > 0}. */
    record Call(String kind, boolean healthy, int failures, String detail, String thread) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger inCall = new AtomicInteger();
    private volatile boolean overlapped;
    private volatile Consumer<Call> reaction = call -> { };

    void onCall(Consumer<Call> reaction) {
        this.reaction = reaction;
    }

    @Override
    public void healthChanged(boolean healthy, String detail) {
        record(new Call("changed", healthy, 0, detail, Thread.currentThread().getName()));
    }

    @Override
    public void failedTooOften(int consecutiveFailures, String lastFailure) {
        record(new Call("failedTooOften", false, consecutiveFailures, lastFailure, Thread.currentThread().getName()));
    }

    private void record(Call call) {
        if (inCall.incrementAndGet() > 1) {
            overlapped = true;
        }
        try {
            calls.add(call);
            reaction.accept(call);
        } finally {
            inCall.decrementAndGet();
        }
    }

    boolean overlapped() {
        return overlapped;
    }

    /** The healthy values of the {@code healthChanged} calls so far, in order. */
    List<Boolean> changes() {
        return calls.stream().filter(c -> c.kind().equals("changed")).map(Call::healthy).toList();
    }

    long failedTooOftenCount() {
        return calls.stream().filter(c -> c.kind().equals("failedTooOften")).count();
    }
}

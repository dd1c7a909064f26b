package io.plinth.marathon.runtime;

import io.plinth.marathon.core.SchedulerCore;
import io.plinth.rest.api.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that owns a {@link SchedulerCore}. Inputs queue up; the thread takes every input
 * waiting, applies them in order and then lets the core converge once ({@link SchedulerCore#flush()}),
 * at most once per 20 ms (inputs arriving meanwhile join the batch), so a burst of status updates
 * costs one pass. API calls wait for their answer; a call that is not a change lets the core converge
 * first, so that it sees what the status updates before it did (a client that saw a task's
 * {@code TASK_FAILED} event finds its app in the queue).
 *
 * <p>Group commit: API changes ({@link #change}) waiting one behind the other are applied together
 * in a commit group of the core and answered once the group is durable, so concurrent clients share
 * the store's round trips instead of queueing for them. Any other input commits the open group
 * first. If the store refuses a group, its changes are answered 503, the core (whose memory is then
 * ahead of the store) takes no further input and {@code onStoreFailure} runs: this master steps
 * down and the next leader recovers from the store.
 */
final class SchedulerThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerThread.class);
    /** Least time between two converging passes after stream inputs; API calls converge at once anyway. */
    private static final long MIN_FLUSH_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** Something for the core's thread to do. */
    private interface Input {
    }

    /** A stream input: nobody waits for it. */
    private record Post(Consumer<SchedulerCore> input) implements Input {
    }

    private record Stop() implements Input {
    }

    /** An API call; a change may join a commit group, and is then answered when the group is durable. */
    private static final class Call<T> implements Input {
        final Function<SchedulerCore, T> function;
        final boolean change;
        final CompletableFuture<T> answer = new CompletableFuture<>();
        T result;

        Call(Function<SchedulerCore, T> function, boolean change) {
            this.function = function;
            this.change = change;
        }

        /** Runs the call; true when it joined the open group (answered later), false when it is answered. */
        boolean run(SchedulerCore core) {
            try {
                result = function.apply(core);
            } catch (SchedulerCore.CommitFirst e) {
                throw e;
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
                return false;
            }
            if (core.groupOpen()) {
                return true;
            }
            answer.complete(result);
            return false;
        }
    }

    private final SchedulerCore core;
    private final LinkedBlockingQueue<Input> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Duration callTimeout;
    private final Runnable onStoreFailure;
    /** Changes in the core's open commit group, waiting for its commit. */
    private final List<Call<?>> grouped = new ArrayList<>();
    private volatile boolean closed;

    SchedulerThread(SchedulerCore core, Duration callTimeout, Runnable onStoreFailure) {
        this.core = core;
        this.callTimeout = callTimeout;
        this.onStoreFailure = onStoreFailure;
        this.thread = new Thread(this::run, "plinth-marathon");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an input; dropped once closed. */
    void post(Consumer<SchedulerCore> input) {
        if (!closed) {
            inbox.add(new Post(input));
        }
    }

    /** Runs on the core's thread and waits for the answer; ApiExceptions pass through. */
    <T> T call(Function<SchedulerCore, T> call) {
        return await(call, false);
    }

    /** An API change: like {@link #call}, but it may share a commit group with the changes queued beside it. */
    <T> T change(Function<SchedulerCore, T> change) {
        return await(change, true);
    }

    private <T> T await(Function<SchedulerCore, T> function, boolean change) {
        if (Thread.currentThread() == thread) {
            return function.apply(core);
        }
        if (closed) {
            throw stopping();
        }
        Call<T> call = new Call<>(function, change);
        inbox.add(call);
        try {
            return call.answer.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "Interrupted while waiting for the init scheduler");
        } catch (TimeoutException e) {
            throw new ApiException(503, "The init scheduler did not answer within " + callTimeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Inputs waiting for the thread. */
    int queued() {
        return inbox.size();
    }

    private static ApiException stopping() {
        return new ApiException(503, "The init scheduler is stopping on this node; retry");
    }

    private void run() {
        long lastFlush = System.nanoTime() - MIN_FLUSH_GAP_NANOS;
        while (true) {
            try {
                if (!handle(inbox.take())) {
                    return;
                }
                // a burst of updates costs one pass per gap, not one per update: a pass looks at every instance
                long wait;
                while ((wait = lastFlush + MIN_FLUSH_GAP_NANOS - System.nanoTime()) > 0) {
                    Input next = inbox.poll(wait, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (!handle(next)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
            flush();
            lastFlush = System.nanoTime();
        }
    }

    /**
     * Applies {@code first} and every input waiting behind it, changes in commit groups; false when
     * the thread must end (the stop signal, or a group the store refused).
     */
    private boolean handle(Input first) {
        List<Input> batch = new ArrayList<>();
        batch.add(first);
        inbox.drainTo(batch, 10_000);
        for (Input input : batch) {
            boolean ok;
            if (input instanceof Call<?> call && call.change) {
                ok = join(call);
            } else if (input instanceof Call<?>) {
                ok = commit();
                if (ok) {
                    // a read or a kill sees the updates before it converged, as its client saw their events
                    flush();
                    ok = apply(input);
                }
            } else {
                ok = commit() && apply(input);
            }
            if (!ok) {
                return false;
            }
        }
        return commit();
    }

    /** Runs a change in the open group (opening one), or in a new group if it cannot join; false if a commit failed. */
    private boolean join(Call<?> call) {
        core.openGroup();
        try {
            if (call.run(core)) {
                grouped.add(call);
            }
            return true;
        } catch (SchedulerCore.CommitFirst e) {
            if (!commit()) {
                return false;
            }
        }
        core.openGroup();
        try {
            if (call.run(core)) {
                grouped.add(call);
            }
        } catch (SchedulerCore.CommitFirst e) {
            call.answer.completeExceptionally(new IllegalStateException("a change could not join an empty commit group", e));
        }
        return true;
    }

    /** Lets the core converge what the stream inputs since the last pass changed (nothing to do: cheap). */
    private void flush() {
        try {
            core.flush();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("The init scheduler failed to converge", e);
        }
    }

    private boolean apply(Input input) {
        if (input instanceof Stop) {
            return false;
        }
        try {
            if (input instanceof Post post) {
                post.input().accept(core);
            } else if (input instanceof Call<?> call) {
                call.run(core);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.error("The init scheduler failed to handle an input", e);
        }
        return true;
    }

    /** Commits the core's open group and answers its changes; false (after answering them 503) if the store refused it. */
    private boolean commit() {
        if (!core.groupOpen()) {
            return true;
        }
        try {
            core.commitGroup();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("The store refused {} change(s) of the init scheduler: this master steps down", grouped.size(), e);
            grouped.forEach(c -> c.answer.completeExceptionally(
                    new ApiException(503, "The change could not be stored: " + e.getMessage())));
            grouped.clear();
            failed();
            return false;
        }
        grouped.forEach(SchedulerThread::answer);
        grouped.clear();
        return true;
    }

    private static <T> void answer(Call<T> call) {
        call.answer.complete(call.result);
    }

    /** The core is ahead of the store: no more input; calls waiting are refused; the master steps down. */
    private void failed() {
        closed = true;
        List<Input> left = new ArrayList<>();
        inbox.drainTo(left);
        for (Input input : left) {
            if (input instanceof Call<?> call) {
                call.answer.completeExceptionally(stopping());
            }
        }
        Thread stepDown = new Thread(onStoreFailure, "plinth-marathon-step-down");
        stepDown.setDaemon(true);
        stepDown.start();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inbox.add(new Stop());
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

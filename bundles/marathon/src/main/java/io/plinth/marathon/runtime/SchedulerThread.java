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
 * costs one pass. API calls wait for their answer.
 */
final class SchedulerThread implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerThread.class);
    private static final Runnable STOP = () -> { };
    /** Least time between two converging passes after stream inputs; API calls converge at once anyway. */
    private static final long MIN_FLUSH_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final SchedulerCore core;
    private final LinkedBlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Duration callTimeout;
    private volatile boolean closed;

    SchedulerThread(SchedulerCore core, Duration callTimeout) {
        this.core = core;
        this.callTimeout = callTimeout;
        this.thread = new Thread(this::run, "plinth-marathon");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues an input; dropped once closed. */
    void post(Consumer<SchedulerCore> input) {
        if (!closed) {
            inbox.add(() -> input.accept(core));
        }
    }

    /** Runs on the core's thread and waits for the answer; ApiExceptions pass through. */
    <T> T call(Function<SchedulerCore, T> call) {
        if (Thread.currentThread() == thread) {
            return call.apply(core);
        }
        if (closed) {
            throw new ApiException(503, "The init scheduler is stopping on this node; retry");
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        inbox.add(() -> {
            try {
                answer.complete(call.apply(core));
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
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
                    Runnable next = inbox.poll(wait, TimeUnit.NANOSECONDS);
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
            try {
                core.flush();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("The init scheduler failed to converge", e);
            }
            lastFlush = System.nanoTime();
        }
    }

    /** Applies {@code first} and every input waiting behind it; false when one of them is the stop signal. */
    private boolean handle(Runnable first) {
        List<Runnable> batch = new ArrayList<>();
        batch.add(first);
        inbox.drainTo(batch, 10_000);
        for (Runnable input : batch) {
            if (input == STOP) {
                return false;
            }
            try {
                input.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.error("The init scheduler failed to handle an input", e);
            }
        }
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        inbox.add(STOP);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.plinth.agent.process.fetch;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads one http(s) URI into a file. Thread-safe (holds only the shared client and settings).
 *
 * <p>java.net.http has a timeout for the response headers but none for the body, so the body is
 * watched: if no bytes arrive for {@code readTimeout}, the download is cancelled, like Mesos'
 * {@code --fetcher_stall_timeout}.
 */
final class HttpTransfer {

    private final HttpClient http;
    private final Duration headerTimeout;
    private final Duration readTimeout;

    HttpTransfer(HttpClient http, Duration connectTimeout, Duration readTimeout) {
        this.http = http;
        this.headerTimeout = connectTimeout.plus(readTimeout);
        this.readTimeout = readTimeout;
    }

    /**
     * Writes the body of a 2xx response to {@code target}; follows redirects if the client does.
     *
     * @throws FetchFailure on a non-2xx status, a timeout or a stall
     */
    void download(URI uri, Path target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(headerTimeout).build();
        ProgressWatch watch = new ProgressWatch();
        FileBody body = new FileBody(target);
        HttpResponse.BodyHandler<Path> handler = info -> watch.track(isSuccess(info.statusCode())
                ? body
                : BodySubscribers.replacing(null));
        try {
            CompletableFuture<HttpResponse<Path>> response = http.sendAsync(request, handler);
            int status = await(response, watch).statusCode();
            if (!isSuccess(status)) {
                throw new FetchFailure("HTTP " + status);
            }
        } finally {
            // After a stall, interrupt or error the publisher may never call us again: close the file here.
            body.close();
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private HttpResponse<Path> await(CompletableFuture<HttpResponse<Path>> response, ProgressWatch watch)
            throws IOException, InterruptedException {
        long stallNanos = readTimeout.toNanos();
        // Check a few times per timeout so a stall is noticed soon after it passes the limit.
        long pollMillis = Math.max(10, Math.min(1000, readTimeout.toMillis() / 4));
        while (true) {
            try {
                return response.get(pollMillis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (watch.idleNanos() > stallNanos) {
                    watch.cancel();
                    response.cancel(true);
                    throw new FetchFailure("no data received for " + readTimeout.toMillis() + " ms (stalled)");
                }
            } catch (ExecutionException e) {
                throw describe(e.getCause());
            } catch (InterruptedException e) {
                watch.cancel();
                response.cancel(true);
                throw e;
            }
        }
    }

    private IOException describe(Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException) {
            return new FetchFailure("connect timed out", cause);
        }
        if (cause instanceof HttpTimeoutException) {
            return new FetchFailure("no response within " + headerTimeout.toMillis() + " ms", cause);
        }
        if (cause instanceof IOException io) {
            return io;
        }
        return new IOException(cause);
    }

    /**
     * Writes the body to a file. Unlike {@code BodySubscribers.ofFile} it can be closed from outside,
     * which a cancelled download needs: after {@code Subscription.cancel} no further signal is due.
     */
    private static final class FileBody implements BodySubscriber<Path> {

        private final Path file;
        private final CompletableFuture<Path> result = new CompletableFuture<>();
        private FileChannel channel; // guarded by this
        private Flow.Subscription subscription; // guarded by this
        private boolean closed; // guarded by this

        FileBody(Path file) {
            this.file = file;
        }

        @Override
        public CompletionStage<Path> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            synchronized (this) {
                if (closed) {
                    s.cancel();
                    return;
                }
                try {
                    channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                } catch (IOException e) {
                    s.cancel();
                    fail(e);
                    return;
                }
                subscription = s;
            }
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            Flow.Subscription s;
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    for (ByteBuffer buffer : buffers) {
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                    }
                } catch (IOException e) {
                    subscription.cancel();
                    fail(e);
                    return;
                }
                s = subscription;
            }
            s.request(1);
        }

        @Override
        public synchronized void onError(Throwable throwable) {
            fail(throwable);
        }

        @Override
        public synchronized void onComplete() {
            if (closed) {
                return;
            }
            try {
                closeChannel();
                result.complete(file);
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }

        /** Idempotent; stops writing and releases the file. */
        synchronized void close() {
            fail(new IOException("download of " + file.getFileName() + " abandoned"));
        }

        private void fail(Throwable cause) {
            if (closed) {
                return;
            }
            try {
                closeChannel();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
            result.completeExceptionally(cause);
        }

        private void closeChannel() throws IOException {
            closed = true;
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** When the body last made progress, and a handle to stop it. */
    private static final class ProgressWatch {

        private volatile long lastProgressNanos;
        private volatile Flow.Subscription subscription;

        <T> BodySubscriber<T> track(BodySubscriber<T> delegate) {
            return new BodySubscriber<>() {
                @Override
                public CompletionStage<T> getBody() {
                    return delegate.getBody();
                }

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    lastProgressNanos = System.nanoTime();
                    subscription = s;
                    delegate.onSubscribe(s);
                }

                @Override
                public void onNext(List<ByteBuffer> item) {
                    lastProgressNanos = System.nanoTime();
                    delegate.onNext(item);
                }

                @Override
                public void onError(Throwable throwable) {
                    delegate.onError(throwable);
                }

                @Override
                public void onComplete() {
                    delegate.onComplete();
                }
            };
        }

        /** Time since the body last moved; 0 before it started, when the header timeout applies. */
        long idleNanos() {
            return subscription == null ? 0 : System.nanoTime() - lastProgressNanos;
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}

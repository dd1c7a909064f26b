package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Check timeouts and short, stable failure causes shared by the probes and the runner. */
final class Failures {

    private Failures() {
    }

    /**
     * The check's timeout in seconds. An unset (0) or negative one means Marathon's default: a zero
     * timeout would fail every probe at once, and the HTTP client refuses it anyway.
     */
    static int timeoutSeconds(HealthCheck check) {
        return check.timeoutSeconds() > 0 ? check.timeoutSeconds() : HealthCheck.DEFAULT_TIMEOUT_SECONDS;
    }

    static String timedOut(int seconds) {
        return "timed out after " + seconds + " s";
    }

    /** A cause for {@code lastFailureCause}; the common network failures get fixed wording so users can grep for them. */
    static String describe(Throwable failure, int timeoutSeconds) {
        Throwable t = unwrap(failure);
        if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException || t instanceof TimeoutException) {
            return timedOut(timeoutSeconds);
        }
        if (t instanceof ConnectException) {
            return "connection refused";
        }
        if (t instanceof UnknownHostException) {
            return "unknown host " + t.getMessage();
        }
        if (t instanceof SSLException) {
            return "TLS handshake failed: " + plain(t);
        }
        return plain(t);
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    // The class name stays in because messages alone are often null or vague ("Connection reset").
    private static String plain(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }
}

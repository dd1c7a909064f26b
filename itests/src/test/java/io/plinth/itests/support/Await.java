package io.plinth.itests.support;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Polling with a deadline, the only way tests here wait. Works inside a Pax Exam container too,
 * where Awaitility is not a bundle.
 */
public final class Await {

    private static final long POLL_MILLIS = 100;

    private Await() {
    }

    /** Polls {@code probe} until it returns a non-null value other than {@code false}; fails with {@code what} at the deadline. */
    public static <T> T until(String what, Duration timeout, Callable<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                T value = probe.call();
                if (value != null && !Boolean.FALSE.equals(value)) {
                    return value;
                }
                last = null;
            } catch (Exception | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (last == null ? "" : " (last failure: " + last + ")"), last);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("Interrupted waiting for " + what, e);
            }
        }
    }
}

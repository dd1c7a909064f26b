package io.plinth.coordination.zk;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.curator.RetryPolicy;
import org.apache.curator.RetrySleeper;

/**
 * Retries a failed ZooKeeper operation forever, sleeping {@code base·2^n} with jitter, capped.
 * Curator's bundled policies either give up ({@code ExponentialBackoffRetry}, at most 29 tries) or
 * never back off ({@code RetryForever}); work that must outlast a ZooKeeper outage of any length
 * (an election, a cache) needs both. Interrupting the retrying thread ends the retries.
 */
public final class BackoffForever implements RetryPolicy {

    private final long baseSleepMs;
    private final long maxSleepMs;

    public BackoffForever(long baseSleepMs, long maxSleepMs) {
        if (baseSleepMs <= 0 || maxSleepMs < baseSleepMs) {
            throw new IllegalArgumentException("Need 0 < baseSleepMs <= maxSleepMs, got " + baseSleepMs + " and " + maxSleepMs);
        }
        this.baseSleepMs = baseSleepMs;
        this.maxSleepMs = maxSleepMs;
    }

    @Override
    public boolean allowRetry(int retryCount, long elapsedTimeMs, RetrySleeper sleeper) {
        try {
            sleeper.sleepFor(sleepMs(retryCount), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Between half and all of {@code min(max, base·2^retryCount)}: jitter keeps many clients from retrying in step. */
    long sleepMs(int retryCount) {
        long ceiling = Math.min(maxSleepMs, baseSleepMs << Math.min(Math.max(retryCount, 0), 30));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling - ceiling / 2 + 1);
    }
}

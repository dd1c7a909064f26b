package io.plinth.agent.gc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** A disk whose usage tests set; it can also be made to fail a number of times. */
final class FakeDisk implements DiskUsage {

    private volatile double used;
    private final AtomicInteger ioFailures = new AtomicInteger();
    private final AtomicInteger runtimeFailures = new AtomicInteger();

    void set(double used) {
        this.used = used;
    }

    void failWithIoException(int times) {
        ioFailures.set(times);
    }

    void failWithRuntimeException(int times) {
        runtimeFailures.set(times);
    }

    @Override
    public double usedFraction(Path path) throws IOException {
        if (ioFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IOException("disk cannot tell");
        }
        if (runtimeFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("disk broken");
        }
        return used;
    }
}

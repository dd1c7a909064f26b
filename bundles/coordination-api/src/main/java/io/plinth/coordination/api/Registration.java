package io.plinth.coordination.api;

/** A subscription (watch) that ends when closed. Closing twice is harmless. */
public interface Registration extends AutoCloseable {
    @Override
    void close();
}

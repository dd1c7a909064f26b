package io.plinth.coordination.store;

/** Turns entities into the bytes of their znode and back. */
public interface EntityCodec {

    /** The serialised form of {@code value}; {@link IllegalArgumentException} if it cannot be serialised. */
    byte[] encode(Object value);

    /** The entity held in {@code bytes}; {@link IllegalArgumentException} if they do not hold a {@code type}. */
    <T> T decode(byte[] bytes, Class<T> type);
}

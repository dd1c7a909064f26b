package io.plinth.coordination.api;

/** The serialised entity is larger than ZooKeeper accepts in one node; nothing was written. */
public class EntityTooLargeException extends StateStoreException {
    private static final long serialVersionUID = 1L;

    public EntityTooLargeException(String message) {
        super(message);
    }

    public EntityTooLargeException(String message, Throwable cause) {
        super(message, cause);
    }
}

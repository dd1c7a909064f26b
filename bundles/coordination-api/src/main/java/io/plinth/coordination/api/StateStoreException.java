package io.plinth.coordination.api;

/** ZooKeeper could not be reached or refused an operation; nothing was changed. */
public class StateStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StateStoreException(String message) {
        super(message);
    }

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.plinth.coordination.api;

/** A compare-and-set found a newer version than expected: re-read and retry. */
public class VersionConflictException extends StateStoreException {
    private static final long serialVersionUID = 1L;

    public VersionConflictException(String message) {
        super(message);
    }

    public VersionConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}

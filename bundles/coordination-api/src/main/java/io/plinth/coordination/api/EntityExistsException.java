package io.plinth.coordination.api;

/** A create found the id already taken. */
public class EntityExistsException extends StateStoreException {
    private static final long serialVersionUID = 1L;

    public EntityExistsException(String message) {
        super(message);
    }

    public EntityExistsException(String message, Throwable cause) {
        super(message, cause);
    }
}

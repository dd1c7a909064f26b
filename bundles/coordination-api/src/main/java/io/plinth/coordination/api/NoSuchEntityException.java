package io.plinth.coordination.api;

/** An update or delete found no entity with that id. */
public class NoSuchEntityException extends StateStoreException {
    private static final long serialVersionUID = 1L;

    public NoSuchEntityException(String message) {
        super(message);
    }

    public NoSuchEntityException(String message, Throwable cause) {
        super(message, cause);
    }
}

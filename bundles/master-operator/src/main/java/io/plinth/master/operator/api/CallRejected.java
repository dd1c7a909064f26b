package io.plinth.master.operator.api;

/**
 * An operator API request answered with an error instead of a {@code Response}: the HTTP status and
 * the text Mesos would send in the body. Nothing was changed.
 */
public final class CallRejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public CallRejected(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public static CallRejected badRequest(String message) {
        return new CallRejected(400, message);
    }

    public static CallRejected notImplemented(String message) {
        return new CallRejected(501, message);
    }

    public int status() {
        return status;
    }
}

package io.plinth.agent.http.core;

/**
 * A {@code /files} request that is refused, with the HTTP status and the message to answer with. The
 * message names the request's parameter and never reveals anything about a path outside the
 * sandboxes beyond the request's own text.
 */
public final class FileAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request is refused. */
    public enum Refusal {
        /** The request itself is malformed: missing or relative path, {@code ..}, wrong kind of file, bad numbers. */
        BAD_REQUEST(400),
        /** The path, or what its symbolic links lead to, is not inside a sandbox. */
        FORBIDDEN(403),
        /** Inside a sandbox, but not there. */
        NOT_FOUND(404);

        private final int status;

        Refusal(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Refusal refusal;

    public FileAccessException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }

    /** The HTTP status to answer with. */
    public int status() {
        return refusal.status();
    }
}

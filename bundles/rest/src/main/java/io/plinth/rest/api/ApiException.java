package io.plinth.rest.api;

import java.util.List;

/**
 * Thrown by a resource to answer with an error. The REST bundle turns it into
 * {@code {"message": .., "details": [{"path": .., "errors": [..]}]}} with the given HTTP status.
 * A resource that throws must have changed nothing.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<ErrorDetail> details;

    public ApiException(int status, String message, List<ErrorDetail> details) {
        super(message);
        this.status = status;
        this.details = List.copyOf(details);
    }

    public ApiException(int status, String message) {
        this(status, message, List.of());
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** Marathon's answer to a well-formed request whose fields are invalid. */
    public static ApiException invalid(List<ErrorDetail> details) {
        return new ApiException(422, "Object is not valid", details);
    }

    public int status() {
        return status;
    }

    public List<ErrorDetail> details() {
        return details;
    }
}

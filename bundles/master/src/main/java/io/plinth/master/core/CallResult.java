package io.plinth.master.core;

/**
 * The master's synchronous answer to a call: the HTTP status Mesos uses and, for errors, its message.
 */
public record CallResult(int status, String message) {

    public static final CallResult ACCEPTED = new CallResult(202, "");

    public static CallResult badRequest(String message) {
        return new CallResult(400, message);
    }

    public static CallResult forbidden(String message) {
        return new CallResult(403, message);
    }

    public boolean accepted() {
        return status == 202;
    }
}

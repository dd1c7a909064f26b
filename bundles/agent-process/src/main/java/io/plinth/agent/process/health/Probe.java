package io.plinth.agent.process.health;

/**
 * One kind of check (HTTP, TCP, COMMAND) against one task.
 *
 * <p>{@link #check()} runs on a blocking thread, at most one at a time per probe, and must return within
 * about the check's timeout. {@link #close()} may come from any thread at any time; it aborts a check in
 * flight without interrupting its thread (the thread belongs to a caller's executor), and every later
 * {@code check()} returns at once.
 */
interface Probe extends AutoCloseable {

    /** Runs one check; never throws, a problem is an unhealthy result. */
    Result check();

    @Override
    void close();

    /** One check's verdict; {@code detail} says what was tried and what came of it. */
    record Result(boolean healthy, String detail) {

        static Result healthy(String detail) {
            return new Result(true, detail);
        }

        static Result unhealthy(String detail) {
            return new Result(false, detail);
        }
    }

    /** A throwable for a detail string: its class, since the message alone is often null or vague. */
    static String describe(Throwable t) {
        String message = t.getMessage();
        String name = t.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message;
    }

    /** Seconds for a detail string, e.g. {@code 0.5s}. */
    static String seconds(java.time.Duration duration) {
        return duration.toMillis() / 1000.0 + "s";
    }
}

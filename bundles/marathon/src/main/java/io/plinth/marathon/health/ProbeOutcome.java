package io.plinth.marathon.health;

/**
 * What one probe found.
 *
 * @param passed whether the check passed
 * @param cause  why it failed, for {@code lastFailureCause} (e.g. {@code HTTP 503}, {@code connection
 *               refused}, {@code timed out after 20 s}); null when it passed
 */
public record ProbeOutcome(boolean passed, String cause) {

    static ProbeOutcome pass() {
        return new ProbeOutcome(true, null);
    }

    static ProbeOutcome fail(String cause) {
        return new ProbeOutcome(false, cause);
    }
}

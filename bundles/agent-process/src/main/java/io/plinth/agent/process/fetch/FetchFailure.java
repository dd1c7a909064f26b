package io.plinth.agent.process.fetch;

import java.io.IOException;

/**
 * An I/O failure whose message is already a complete reason for the user, so {@link Fetcher} puts it
 * into the {@link FetchException} verbatim instead of prefixing the exception type.
 */
class FetchFailure extends IOException {

    private static final long serialVersionUID = 1L;

    FetchFailure(String reason) {
        super(reason);
    }

    FetchFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}

package io.plinth.agent.process.fetch;

import java.util.Objects;

/** A URI could not be fetched; the message names the URI and the cause. */
public final class FetchException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String uri;

    public FetchException(String uri, String reason) {
        this(uri, reason, null);
    }

    public FetchException(String uri, String reason, Throwable cause) {
        super("Failed to fetch '" + uri + "': " + reason, cause);
        this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** The {@code CommandInfo.URI.value} that failed, as given. */
    public String uri() {
        return uri;
    }
}

package io.plinth.master.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What an endpoint of the master's Mesos APIs answers, apart from the servlet that writes it: a whole
 * body, or an event stream that the request's thread then writes until it ends.
 */
sealed interface Reply {

    /** A complete answer; {@code contentType} null when there is no body. */
    record Whole(int status, String contentType, byte[] body, Map<String, String> headers) implements Reply {
    }

    /** 200 with a RecordIO stream of events in {@code contentType}. */
    record Streaming(String contentType, Map<String, String> headers, EventStream stream) implements Reply {
    }

    /** An answer without a body ({@code 202 Accepted}). */
    static Reply status(int status) {
        return new Whole(status, null, new byte[0], Map.of());
    }

    /** The text answers Mesos gives on errors. */
    static Reply text(int status, String message) {
        return new Whole(status, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}

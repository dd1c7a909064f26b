package io.plinth.dns.server;

import java.io.IOException;
import org.xbill.DNS.Message;

/**
 * Where {@link Answerer} sends queries for names outside the Mesos domain.
 *
 * <p>Called concurrently from the server's forwarding workers; implementations must be thread-safe and must
 * give up within a bounded time (their configured timeout), throwing {@link IOException} on failure.
 */
public interface Upstream {

    /** Returns the upstream's response to {@code query}; the caller fixes up the message id. */
    Message forward(Message query) throws IOException;
}

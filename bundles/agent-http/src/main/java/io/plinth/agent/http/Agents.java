package io.plinth.agent.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.agent.http.core.Json;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the resources share about an agent that cannot answer. */
final class Agents {

    private static final Logger LOG = LoggerFactory.getLogger(Agents.class);
    private static final Json JSON = new Json();

    private Agents() {
    }

    /**
     * 503 with {@code {"message": ..}}, for an agent that failed to give its state, typically because
     * it is stopping: the client should retry. Answered here rather than thrown, as the error mapper
     * logs every 5xx with its stack trace, and this one is expected.
     */
    static Response unavailable(RuntimeException e) {
        LOG.warn("Cannot read the agent: {}", e.toString());
        LOG.debug("Reading the agent failed", e);
        ObjectNode body = JSON.object();
        body.put("message", "The agent's state is not available: " + e.getMessage());
        body.putArray("details");
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE).entity(JSON.bytes(body)).build();
    }
}

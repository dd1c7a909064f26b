package io.plinth.master.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.MasterAccess;
import io.plinth.master.RunningMaster;
import io.plinth.master.core.AgentChannel;
import io.plinth.master.core.CallResult;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.agent.AgentLink;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The master's end of the agent link ({@link AgentLink}): SUBSCRIBE streams, UPDATE and PONG calls.
 * Served by {@link MasterApiServlet}; thread-safe.
 */
final class AgentLinkEndpoint {

    private final MasterAccess access;
    private final LeaderDetector detector;
    private final ObjectMapper json = AgentLink.newObjectMapper();
    private final ObjectMapper cbor = AgentLink.newCborMapper();

    AgentLinkEndpoint(MasterAccess access, LeaderDetector detector) {
        this.access = access;
        this.detector = detector;
    }

    Reply call(byte[] body, String streamId, String contentType) {
        Optional<RunningMaster> leading = access.current();
        if (leading.isEmpty()) {
            return Redirects.toLeader(detector, AgentLink.PATH);
        }
        boolean isCbor = AgentLink.isCbor(contentType);
        ObjectMapper mapper = isCbor ? cbor : json;
        AgentCall call;
        try {
            call = mapper.readValue(body, AgentCall.class);
        } catch (IOException | RuntimeException e) {
            return Reply.text(400, "Malformed agent call: " + e.getMessage());
        }
        RunningMaster master = leading.get();
        if (call.type() == AgentCall.Type.SUBSCRIBE) {
            if (call.subscribe() == null) {
                return Reply.text(400, "Expecting 'subscribe' to be present");
            }
            String id = UUID.randomUUID().toString();
            EventStream stream = new EventStream(() -> master.tell(m -> m.agentDisconnected(id)));
            AgentChannel channel = new AgentChannel() {
                @Override
                public String streamId() {
                    return id;
                }

                @Override
                public void send(AgentEvent event) {
                    try {
                        stream.send(mapper.writeValueAsBytes(event));
                    } catch (JsonProcessingException e) {
                        throw new IllegalStateException("cannot encode " + event.type(), e);
                    }
                }

                @Override
                public void close() {
                    stream.close();
                }
            };
            CallResult result = master.call(m -> m.agentSubscribe(call.subscribe(), channel));
            if (result.status() != 200) {
                return Reply.text(result.status(), result.message());
            }
            return new Reply.Streaming(isCbor ? AgentLink.CBOR_TYPE : AgentLink.CONTENT_TYPE,
                    Map.of(AgentLink.STREAM_ID_HEADER, id), stream);
        }
        CallResult result = master.call(m -> m.agentCall(call, streamId));
        return result.accepted() ? Reply.status(202) : Reply.text(result.status(), result.message());
    }
}

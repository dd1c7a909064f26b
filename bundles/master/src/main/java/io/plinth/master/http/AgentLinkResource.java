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
import java.util.Optional;
import java.util.UUID;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The master's end of the agent link ({@link AgentLink}): SUBSCRIBE streams, UPDATE and PONG calls. */
@Component(service = AgentLinkResource.class)
@JaxrsResource
@Path(AgentLink.PATH)
public class AgentLinkResource {

    private final MasterAccess access;
    private final LeaderDetector detector;
    private final ObjectMapper json = AgentLink.newObjectMapper();
    private final ObjectMapper cbor = AgentLink.newCborMapper();

    @Activate
    public AgentLinkResource(@Reference MasterAccess access, @Reference LeaderDetector detector) {
        this.access = access;
        this.detector = detector;
    }

    @POST
    public Response call(byte[] body, @HeaderParam(AgentLink.STREAM_ID_HEADER) String streamId,
                         @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
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
            return Media.text(400, "Malformed agent call: " + e.getMessage());
        }
        RunningMaster master = leading.get();
        if (call.type() == AgentCall.Type.SUBSCRIBE) {
            if (call.subscribe() == null) {
                return Media.text(400, "Expecting 'subscribe' to be present");
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
                return Media.text(result.status(), result.message());
            }
            return Response.ok(stream).type(isCbor ? AgentLink.CBOR_TYPE : AgentLink.CONTENT_TYPE).header(AgentLink.STREAM_ID_HEADER, id).build();
        }
        CallResult result = master.call(m -> m.agentCall(call, streamId));
        return result.accepted() ? Response.status(202).build() : Media.text(result.status(), result.message());
    }
}

package io.plinth.master.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.MasterAccess;
import io.plinth.master.RunningMaster;
import io.plinth.master.core.CallResult;
import io.plinth.master.core.FrameworkChannel;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.core.Response;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * The Mesos v1 scheduler HTTP API: {@code POST /api/v1/scheduler} with a JSON or protobuf Call.
 * SUBSCRIBE answers with a RecordIO event stream; every other call answers 202, or the error status
 * and text Mesos gives. A master that does not lead redirects to the one that does.
 */
@Component(service = SchedulerResource.class)
@JaxrsResource
@Path(SchedulerResource.PATH)
public class SchedulerResource {

    static final String PATH = "/api/v1/scheduler";
    static final String STREAM_ID = "Mesos-Stream-Id";

    private final MasterAccess access;
    private final LeaderDetector detector;

    @Activate
    public SchedulerResource(@Reference MasterAccess access, @Reference LeaderDetector detector) {
        this.access = access;
        this.detector = detector;
    }

    @POST
    public Response call(byte[] body, @HeaderParam("Content-Type") String contentType,
                         @HeaderParam("Accept") String accept, @HeaderParam(STREAM_ID) String streamId) {
        Optional<RunningMaster> leading = access.current();
        if (leading.isEmpty()) {
            return Redirects.toLeader(detector, PATH);
        }
        if (contentType == null || contentType.isBlank()) {
            return Media.text(400, "Expecting 'Content-Type' to be present");
        }
        Media in = Media.ofContentType(contentType);
        if (in == null) {
            return Media.text(415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
        }
        Call call;
        try {
            call = decode(in, body);
        } catch (InvalidProtocolBufferException e) {
            return Media.text(400, (in == Media.JSON ? "Failed to convert JSON into Call protobuf: "
                    : "Failed to parse body into Call protobuf: ") + e.getMessage());
        }
        String invalid = CallValidation.validate(call);
        if (invalid != null) {
            return Media.text(400, "Failed to validate scheduler::Call: " + invalid);
        }
        Media out = Media.ofAccept(accept);
        if (out == null) {
            return Media.text(406, "Expecting 'Accept' to allow 'application/json' or 'application/x-protobuf'");
        }
        RunningMaster master = leading.get();
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (streamId != null) {
                return Media.text(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
            }
            return subscribe(master, call, out);
        }
        CallResult result = master.call(m -> m.handle(call, streamId));
        return result.accepted() ? Response.status(202).build() : Media.text(result.status(), result.message());
    }

    private static Call decode(Media media, byte[] body) throws InvalidProtocolBufferException {
        if (media == Media.JSON) {
            Call.Builder builder = Call.newBuilder();
            ProtobufJson.merge(new String(body, StandardCharsets.UTF_8), builder);
            return checked(builder);
        }
        Call.Builder builder = Call.newBuilder().mergeFrom(body);
        return checked(builder);
    }

    private static Call checked(Call.Builder builder) throws InvalidProtocolBufferException {
        if (!builder.isInitialized()) {
            throw new InvalidProtocolBufferException("missing required fields: "
                    + String.join(", ", builder.findInitializationErrors()));
        }
        return builder.build();
    }

    private Response subscribe(RunningMaster master, Call call, Media out) {
        String id = UUID.randomUUID().toString();
        EventStream stream = new EventStream(() -> master.tell(m ->
                m.frameworkOfStream(id).ifPresent(framework -> m.frameworkDisconnected(framework, id))));
        FrameworkChannel channel = new FrameworkChannel() {
            @Override
            public String streamId() {
                return id;
            }

            @Override
            public void send(Event event) {
                stream.send(encode(out, event));
            }

            @Override
            public void close() {
                stream.close();
            }
        };
        CallResult result = master.call(m -> m.subscribe(call, channel));
        if (result.status() != 200) {
            return Media.text(result.status(), result.message());
        }
        return Response.ok(stream).type(out.type).header(STREAM_ID, id).build();
    }

    static byte[] encode(Media media, Message message) {
        return media == Media.JSON ? ProtobufJson.print(message).getBytes(StandardCharsets.UTF_8) : message.toByteArray();
    }
}

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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The Mesos v1 scheduler HTTP API: {@code POST /api/v1/scheduler} with a JSON or protobuf Call.
 * SUBSCRIBE answers with a RecordIO event stream; every other call answers 202, or the error status
 * and text Mesos gives. A master that does not lead redirects to the one that does. Served by
 * {@link MasterApiServlet}; thread-safe.
 */
final class SchedulerEndpoint {

    static final String PATH = "/api/v1/scheduler";
    static final String STREAM_ID = "Mesos-Stream-Id";

    private final MasterAccess access;
    private final LeaderDetector detector;

    SchedulerEndpoint(MasterAccess access, LeaderDetector detector) {
        this.access = access;
        this.detector = detector;
    }

    Reply call(byte[] body, String contentType, String accept, String streamId) {
        Optional<RunningMaster> leading = access.current();
        if (leading.isEmpty()) {
            return Redirects.toLeader(detector, PATH);
        }
        if (contentType == null || contentType.isBlank()) {
            return Reply.text(400, "Expecting 'Content-Type' to be present");
        }
        Media in = Media.ofContentType(contentType);
        if (in == null) {
            return Reply.text(415, "Expecting 'Content-Type' of application/json or application/x-protobuf");
        }
        Call call;
        try {
            call = decode(in, body);
        } catch (InvalidProtocolBufferException e) {
            return Reply.text(400, (in == Media.JSON ? "Failed to convert JSON into Call protobuf: "
                    : "Failed to parse body into Call protobuf: ") + e.getMessage());
        }
        String invalid = CallValidation.validate(call);
        if (invalid != null) {
            return Reply.text(400, "Failed to validate scheduler::Call: " + invalid);
        }
        Media out = Media.ofAccept(accept);
        if (out == null) {
            return Reply.text(406, "Expecting 'Accept' to allow 'application/json' or 'application/x-protobuf'");
        }
        RunningMaster master = leading.get();
        if (call.getType() == Call.Type.SUBSCRIBE) {
            if (streamId != null) {
                return Reply.text(400, "Subscribe calls should not include the 'Mesos-Stream-Id' header");
            }
            return subscribe(master, call, out);
        }
        CallResult result = master.call(m -> m.handle(call, streamId));
        return result.accepted() ? Reply.status(202) : Reply.text(result.status(), result.message());
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

    private Reply subscribe(RunningMaster master, Call call, Media out) {
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
            return Reply.text(result.status(), result.message());
        }
        return new Reply.Streaming(out.type, Map.of(STREAM_ID, id), stream);
    }

    static byte[] encode(Media media, Message message) {
        return media == Media.JSON ? ProtobufJson.print(message).getBytes(StandardCharsets.UTF_8) : message.toByteArray();
    }
}

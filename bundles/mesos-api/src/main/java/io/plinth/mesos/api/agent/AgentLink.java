package io.plinth.mesos.api.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.google.protobuf.ByteString;
import io.plinth.mesos.api.wire.ProtobufBinary;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.util.Base64;
import java.util.Locale;

/**
 * Constants and the {@link ObjectMapper} factory of the agent link, the protocol between Plinth's
 * agents and the leading master. See the package documentation for the conversation.
 */
public final class AgentLink {

    /** The one endpoint of the link on the master's HTTP port: every {@link AgentCall} is a POST here. */
    public static final String PATH = "/internal/v1/agent";

    /** Header naming the event stream a call belongs to; the master sets it on the SUBSCRIBE answer. */
    public static final String STREAM_ID_HEADER = "Mesos-Stream-Id";

    /**
     * The readable encoding of the link (JSON, embedded Mesos messages in Mesos' JSON), for calls and
     * the event stream (RecordIO-framed); errors are always text.
     */
    public static final String CONTENT_TYPE = "application/json";

    /**
     * The compact encoding Plinth's agents use: the same documents in CBOR, embedded Mesos messages
     * as binary protobuf. Printing and parsing Mesos' JSON of every launched task and status update
     * was most of the link's cost with thousands of tasks.
     */
    public static final String CBOR_TYPE = "application/cbor";

    /** The election group whose leader is the master agents talk to. */
    public static final String MASTER_GROUP = "mesos";

    private AgentLink() {
    }

    /**
     * A mapper for {@link AgentCall} and {@link AgentEvent}: snake_case names, protobuf fields in
     * Mesos' JSON, nulls left out, unknown properties ignored so either side can add fields first.
     * Each call returns a new mapper; a mapper is thread-safe once configured.
     */
    public static ObjectMapper newObjectMapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(ProtobufJson.jacksonModule())
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /**
     * A mapper for {@link AgentCall} and {@link AgentEvent} in {@link #CBOR_TYPE}: as
     * {@link #newObjectMapper()} but CBOR, with protobuf fields in their binary encoding.
     */
    public static ObjectMapper newCborMapper() {
        return new ObjectMapper(new CBORFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .registerModule(ProtobufBinary.jacksonModule())
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** Whether a {@code Content-Type} names {@link #CBOR_TYPE} (parameters ignored); anything else is JSON. */
    public static boolean isCbor(String mediaType) {
        return mediaType != null && mediaType.toLowerCase(Locale.ROOT).startsWith(CBOR_TYPE);
    }

    /**
     * A status update's {@code uuid} bytes as text, the way Mesos' JSON prints bytes (standard
     * base64) and the way {@link AgentEvent.Acknowledge#uuid()} carries it.
     */
    public static String uuidText(ByteString uuid) {
        return Base64.getEncoder().encodeToString(uuid.toByteArray());
    }
}

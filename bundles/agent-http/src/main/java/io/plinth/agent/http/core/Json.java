package io.plinth.agent.http.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Jackson trees for the agent's documents: building them, embedding protobuf messages, and writing
 * them with numbers as Mesos writes them. Thread-safe.
 */
public final class Json {

    private final ObjectMapper mapper = new ObjectMapper();

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public ArrayNode array() {
        return mapper.createArrayNode();
    }

    /**
     * A protobuf message as a tree, with proto field names and enums by name. Protobuf's JSON
     * mapping writes 64-bit integers as strings; the messages embedded here (discovery info,
     * container status) have none, so no correction is needed.
     */
    public JsonNode protobuf(Message message) {
        try {
            return mapper.readTree(ProtobufJson.print(message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("protobuf JSON of " + message.getDescriptorForType().getName()
                    + " did not parse", e);
        }
    }

    /** Parses JSON text; for tests and tools that read the documents back. */
    public JsonNode parse(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A document as compact UTF-8 JSON. Doubles are written in plain decimal notation
     * ({@code 1600000000.25}, {@code 4.0}) as Mesos writes them, never in Java's scientific notation
     * ({@code 1.60000000025E9}), which some v0 clients do not read as a timestamp.
     */
    public byte[] bytes(JsonNode document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator generator = new PlainDoubles(mapper.getFactory().createGenerator(out))) {
            mapper.writeTree(generator, document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static final class PlainDoubles extends JsonGeneratorDelegate {

        PlainDoubles(JsonGenerator delegate) {
            super(delegate, false);
        }

        @Override
        public void writeNumber(double value) throws IOException {
            if (Double.isFinite(value)) {
                String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
                delegate.writeNumber(plain.indexOf('.') < 0 ? plain + ".0" : plain);
            } else {
                delegate.writeNumber(value);
            }
        }
    }
}

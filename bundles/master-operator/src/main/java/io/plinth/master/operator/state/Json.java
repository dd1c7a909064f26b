package io.plinth.master.operator.state;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * Jackson trees for the v0 documents: building them, embedding protobuf messages in Mesos' JSON form,
 * and writing them the way Mesos writes numbers. Thread-safe.
 */
public final class Json {

    private final ObjectMapper mapper = new ObjectMapper();

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    public ArrayNode array() {
        return mapper.createArrayNode();
    }

    public JsonNodeFactory nodes() {
        return mapper.getNodeFactory();
    }

    /** A protobuf message as a tree, in Mesos' JSON form (see {@link MesosJson}). */
    public JsonNode protobuf(Message message) {
        return MesosJson.tree(message);
    }

    /** Parses JSON text; for tests and tools that read the documents back. */
    public JsonNode parse(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #write} into a byte array. */
    public byte[] bytes(JsonNode document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try {
            write(document, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes a document as compact JSON. Doubles are written in plain decimal notation, as Mesos
     * writes them ({@code 1455643643.42422}, {@code 4.0}), never in Java's scientific notation
     * ({@code 1.45564364342422E9}), which some v0 clients do not expect in timestamps and sizes.
     */
    public void write(JsonNode document, OutputStream out) throws IOException {
        try (JsonGenerator generator = new PlainDoubles(mapper.getFactory().createGenerator(out))) {
            mapper.writeTree(generator, document);
        }
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

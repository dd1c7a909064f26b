package io.plinth.mesos.api.wire;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.lang.reflect.InvocationTargetException;

/**
 * The JSON form of Mesos' v1 protobuf messages, as Mesos reads and writes it: proto field names
 * ({@code framework_id}, not {@code frameworkId}), enums by name, unknown fields rejected.
 * Thread-safe.
 */
public final class ProtobufJson {

    private static final JsonFormat.Printer PRINTER =
            JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private ProtobufJson() {
    }

    /** The message as compact JSON. */
    public static String print(Message message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException e) {
            // only Any fields with unknown types fail to print; Mesos' v1 messages have none
            throw new IllegalArgumentException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    /**
     * Parses JSON into a builder.
     *
     * @throws InvalidProtocolBufferException on malformed JSON, unknown fields or wrongly typed values,
     *                                        with a message that names the problem
     */
    public static <B extends Message.Builder> B merge(String json, B builder) throws InvalidProtocolBufferException {
        PARSER.merge(json, builder);
        return builder;
    }

    /**
     * Parses JSON into a complete message of the given type.
     *
     * @throws InvalidProtocolBufferException also when a required field is missing
     */
    @SuppressWarnings("unchecked")
    public static <M extends Message> M parse(String json, Class<M> type) throws InvalidProtocolBufferException {
        Message.Builder builder = defaultInstance(type).newBuilderForType();
        merge(json, builder);
        if (!builder.isInitialized()) {
            throw new InvalidProtocolBufferException("missing required fields: "
                    + String.join(", ", builder.findInitializationErrors()));
        }
        return (M) builder.build();
    }

    /**
     * A Jackson module that writes and reads every protobuf {@link Message} in this JSON form, so
     * Jackson records can carry Mesos messages as fields.
     */
    public static SimpleModule jacksonModule() {
        return ProtobufModules.module("plinth-protobuf-json", (value, gen) -> gen.writeRawValue(print(value)),
                type -> p -> {
                    JsonNode node = p.readValueAsTree();
                    try {
                        return parse(node.toString(), type);
                    } catch (InvalidProtocolBufferException e) {
                        throw JsonMappingException.from(p, type.getSimpleName() + ": " + e.getMessage(), e);
                    }
                });
    }

    private static Message defaultInstance(Class<? extends Message> type) {
        try {
            return (Message) type.getMethod("getDefaultInstance").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message", e);
        }
    }
}

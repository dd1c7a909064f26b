package io.plinth.master.operator.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Protobuf messages in the JSON Mesos writes. {@link ProtobufJson} gives proto field names and enums
 * by name, but follows protobuf's JSON mapping in writing 64-bit integers as strings
 * ({@code "begin":"31000"}, {@code "nanoseconds":"1600000000000000000"}); Mesos writes them as
 * numbers, and JSON clients of Mesos (port ranges, {@code TimeInfo}) expect numbers. This turns them
 * back into numbers. Stateless and thread-safe.
 */
public final class MesosJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MesosJson() {
    }

    /** The message as a tree. */
    public static JsonNode tree(Message message) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(ProtobufJson.print(message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("protobuf JSON of " + message.getDescriptorForType().getName()
                    + " did not parse", e);
        }
        numbers64(message, tree);
        return tree;
    }

    /** The message as compact JSON, UTF-8. */
    public static byte[] bytes(Message message) {
        try {
            return MAPPER.writeValueAsBytes(tree(message));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the string form of the message's set 64-bit integer fields in {@code node}, recursively. */
    private static void numbers64(Message message, JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            FieldDescriptor descriptor = field.getKey();
            JsonNode value = object.get(descriptor.getName());
            if (value == null || descriptor.isMapField()) {
                continue; // Mesos' v1 messages have no 64-bit map values worth the complexity
            }
            if (descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                if (descriptor.isRepeated()) {
                    List<?> elements = (List<?>) field.getValue();
                    for (int i = 0; i < elements.size() && i < value.size(); i++) {
                        numbers64((Message) elements.get(i), value.get(i));
                    }
                } else {
                    numbers64((Message) field.getValue(), value);
                }
            } else if (is64Bit(descriptor)) {
                if (value instanceof ArrayNode array) {
                    for (int i = 0; i < array.size(); i++) {
                        array.set(i, number(array.get(i)));
                    }
                } else {
                    object.set(descriptor.getName(), number(value));
                }
            }
        }
    }

    private static boolean is64Bit(FieldDescriptor descriptor) {
        return switch (descriptor.getType()) {
            case INT64, SINT64, SFIXED64, UINT64, FIXED64 -> true;
            default -> false;
        };
    }

    /** The number a string holds (uint64 values above Long.MAX_VALUE included), else the value as it is. */
    private static JsonNode number(JsonNode value) {
        if (!value.isTextual()) {
            return value;
        }
        try {
            BigInteger number = new BigInteger(value.asText());
            return number.bitLength() < 64 ? LongNode.valueOf(number.longValue()) : BigIntegerNode.valueOf(number);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}

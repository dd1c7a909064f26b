package io.plinth.mesos.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
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
    @SuppressWarnings("unchecked")
    public static SimpleModule jacksonModule() {
        Deserializers messages = new Deserializers.Base() {
            @Override
            public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                            BeanDescription beanDesc) {
                if (!Message.class.isAssignableFrom(type.getRawClass())) {
                    return null;
                }
                Class<? extends Message> messageType = (Class<? extends Message>) type.getRawClass();
                return new JsonDeserializer<Message>() {
                    @Override
                    public Message deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        JsonNode node = p.readValueAsTree();
                        try {
                            return parse(node.toString(), messageType);
                        } catch (InvalidProtocolBufferException e) {
                            throw JsonMappingException.from(p, messageType.getSimpleName() + ": " + e.getMessage(), e);
                        }
                    }
                };
            }
        };
        SimpleModule module = new SimpleModule("plinth-protobuf-json") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(messages);
            }
        };
        module.addSerializer(new StdSerializer<Message>(Message.class) {
            @Override
            public void serialize(Message value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeRawValue(print(value));
            }
        });
        return module;
    }

    private static Message defaultInstance(Class<? extends Message> type) {
        try {
            return (Message) type.getMethod("getDefaultInstance").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message", e);
        }
    }
}

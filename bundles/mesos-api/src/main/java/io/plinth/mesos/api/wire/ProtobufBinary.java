package io.plinth.mesos.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;

/**
 * Protobuf messages inside Jackson documents as their binary protobuf encoding: a binary value
 * (native in binary formats such as CBOR, base64 text in JSON). Printing and parsing Mesos' JSON
 * form costs far more than the binary form, so links between Plinth's own nodes that carry many
 * Mesos messages (the agent link) use this with CBOR; {@link ProtobufJson} stays for everything a
 * person or a Mesos tool reads. Thread-safe.
 */
public final class ProtobufBinary {

    private ProtobufBinary() {
    }

    /**
     * A Jackson module that writes every protobuf {@link Message} as its binary encoding and reads it
     * back, rejecting a message with required fields missing.
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
                Parser<? extends Message> parser = parser(messageType);
                return new JsonDeserializer<Message>() {
                    @Override
                    public Message deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        byte[] bytes = p.getBinaryValue();
                        try {
                            return parser.parseFrom(bytes);
                        } catch (InvalidProtocolBufferException e) {
                            throw JsonMappingException.from(p, messageType.getSimpleName() + ": " + e.getMessage(), e);
                        }
                    }
                };
            }
        };
        SimpleModule module = new SimpleModule("plinth-protobuf-binary") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(messages);
            }
        };
        module.addSerializer(new StdSerializer<Message>(Message.class) {
            @Override
            public void serialize(Message value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeBinary(value.toByteArray());
            }
        });
        return module;
    }

    private static Parser<? extends Message> parser(Class<? extends Message> type) {
        try {
            return ((Message) type.getMethod("getDefaultInstance").invoke(null)).getParserForType();
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message", e);
        }
    }
}

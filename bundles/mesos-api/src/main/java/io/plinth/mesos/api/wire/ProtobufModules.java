package io.plinth.mesos.api.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.google.protobuf.Message;
import java.io.IOException;
import java.util.function.Function;

/** The Jackson plumbing shared by {@link ProtobufJson} and {@link ProtobufBinary}: one form per module. */
final class ProtobufModules {

    /** Writes one message in the module's form. */
    @FunctionalInterface
    interface Writer {
        void write(Message value, JsonGenerator gen) throws IOException;
    }

    /** Reads one message of a type fixed when the reader was made. */
    @FunctionalInterface
    interface Reader {
        Message read(JsonParser p) throws IOException;
    }

    private ProtobufModules() {
    }

    /**
     * A module that writes every protobuf {@link Message} with {@code writer} and reads each message type
     * with the reader {@code readers} makes for it (once per type).
     */
    @SuppressWarnings("unchecked")
    static SimpleModule module(String name, Writer writer, Function<Class<? extends Message>, Reader> readers) {
        Deserializers messages = new Deserializers.Base() {
            @Override
            public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
                                                            BeanDescription beanDesc) {
                if (!Message.class.isAssignableFrom(type.getRawClass())) {
                    return null;
                }
                Reader reader = readers.apply((Class<? extends Message>) type.getRawClass());
                return new JsonDeserializer<Message>() {
                    @Override
                    public Message deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                        return reader.read(p);
                    }
                };
            }
        };
        SimpleModule module = new SimpleModule(name) {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(messages);
            }
        };
        module.addSerializer(new StdSerializer<Message>(Message.class) {
            @Override
            public void serialize(Message value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                writer.write(value, gen);
            }
        });
        return module;
    }
}

package io.plinth.mesos.api.wire;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
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
    public static SimpleModule jacksonModule() {
        return ProtobufModules.module("plinth-protobuf-binary", (value, gen) -> gen.writeBinary(value.toByteArray()),
                type -> {
                    Parser<? extends Message> parser = parser(type);
                    return p -> {
                        try {
                            return parser.parseFrom(p.getBinaryValue());
                        } catch (InvalidProtocolBufferException e) {
                            throw JsonMappingException.from(p, type.getSimpleName() + ": " + e.getMessage(), e);
                        }
                    };
                });
    }

    private static Parser<? extends Message> parser(Class<? extends Message> type) {
        try {
            return ((Message) type.getMethod("getDefaultInstance").invoke(null)).getParserForType();
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(type.getName() + " is not a generated protobuf message", e);
        }
    }
}

package io.plinth.coordination.store;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Entities as Jackson JSON. Only jackson-databind is assumed: records, beans, collections and enums
 * work; types that need a Jackson module (java.time, Optional fields) are refused with a message.
 */
public final class JacksonEntityCodec implements EntityCodec {

    private final ObjectMapper mapper;

    /** The mapper Plinth stores entities with. */
    public JacksonEntityCodec() {
        // An entity written by a newer Plinth may carry fields this one does not know: read the rest.
        this(new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }

    public JacksonEntityCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public byte[] encode(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T decode(byte[] bytes, Class<T> type) {
        try {
            T value = mapper.readValue(bytes, type);
            if (value == null) {
                throw new IllegalArgumentException("JSON null is not a " + type.getName());
            }
            return value;
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("Cannot read JSON as " + type.getName() + ": " + detail, e);
        }
    }
}

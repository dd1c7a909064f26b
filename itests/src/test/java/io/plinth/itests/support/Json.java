package io.plinth.itests.support;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * JSON answers as plain maps and lists. Test classes go through this helper instead of naming
 * Jackson types, because a Pax Exam probe links its test class before the role features (and
 * Jackson with them) are installed; this class is loaded only when first used.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static Map<String, Object> object(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Not a JSON object: " + json, e);
        }
    }

    public static List<Map<String, Object>> array(String json) {
        try {
            return MAPPER.readValue(json, new TypeReference<List<Map<String, Object>>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Not a JSON array of objects: " + json, e);
        }
    }
}

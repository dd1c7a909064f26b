package io.plinth.marathon.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Shared test helpers: a parser with Plinth's stock constraint operators, JSON from text. */
final class Fixtures {

    static final ObjectMapper MAPPER = new ObjectMapper();
    static final Set<String> OPERATORS = Set.of("UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS");

    private Fixtures() {
    }

    static AppParser appParser() {
        return new AppParser(OPERATORS::contains, (operator, constraint) ->
                operator.equals("CLUSTER") && constraint.size() < 3
                        ? Optional.of("CLUSTER needs a value") : Optional.empty());
    }

    /** JSON from text written with single quotes, for readability. */
    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static List<String> paths(Parsed<?> parsed) {
        return parsed.violations().stream().map(Violation::path).toList();
    }
}

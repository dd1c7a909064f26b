package io.plinth.marathon.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of one JSON object's members that record a {@link Violation} for a value of the wrong
 * type instead of throwing. Every read returns null when the member is absent, JSON null or of the
 * wrong type, so the caller falls back to its default.
 */
final class Fields {

    private final JsonNode node;
    private final String path;
    private final List<Violation> violations;

    Fields(JsonNode node, String path, List<Violation> violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    /** The path of a member: {@code /cpus}, {@code /portDefinitions(0)/port}. */
    String pathOf(String name) {
        return path + "/" + name;
    }

    String path() {
        return path.isEmpty() ? "/" : path;
    }

    void violation(String name, String message) {
        violations.add(new Violation(pathOf(name), message));
    }

    boolean given(String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    JsonNode raw(String name) {
        return given(name) ? node.get(name) : null;
    }

    String string(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            violation(name, "expected a string");
            return null;
        }
        return value.textValue();
    }

    Integer integer(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !isWhole(value) || !value.canConvertToInt()) {
            violation(name, "expected an integer");
            return null;
        }
        return value.intValue();
    }

    Long longInteger(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber() || !isWhole(value) || !value.canConvertToLong()) {
            violation(name, "expected an integer");
            return null;
        }
        return value.longValue();
    }

    Double number(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            violation(name, "expected a number");
            return null;
        }
        return value.doubleValue();
    }

    Boolean bool(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isBoolean()) {
            violation(name, "expected true or false");
            return null;
        }
        return value.booleanValue();
    }

    /** An array of strings; each bad element is a violation at {@code /name(i)}. */
    List<String> strings(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            violation(name, "expected an array of strings");
            return null;
        }
        List<String> result = new ArrayList<>();
        boolean bad = false;
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (element.isTextual()) {
                result.add(element.textValue());
            } else {
                violations.add(new Violation(pathOf(name) + "(" + i + ")", "expected a string"));
                bad = true;
            }
        }
        return bad ? null : result;
    }

    /** An object of string values ({@code env}, {@code labels}); each bad value is a violation at {@code /name/key}. */
    Map<String, String> stringMap(String name, String nonStringMessage) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            violation(name, "expected an object of string values");
            return null;
        }
        Map<String, String> result = new LinkedHashMap<>();
        boolean bad = false;
        for (Map.Entry<String, JsonNode> entry : iterable(value)) {
            if (entry.getValue().isTextual()) {
                result.put(entry.getKey(), entry.getValue().textValue());
            } else {
                violations.add(new Violation(pathOf(name) + "/" + entry.getKey(),
                        entry.getValue().isObject() ? nonStringMessage : "expected a string"));
                bad = true;
            }
        }
        return bad ? null : result;
    }

    /** A nested object, or null (with a violation if the member is not an object). */
    Fields object(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            violation(name, "expected an object");
            return null;
        }
        return new Fields(value, pathOf(name), violations);
    }

    /** An array of objects, each read at {@code /name(i)}; null if absent or not an array of objects. */
    List<Fields> objects(String name) {
        JsonNode value = raw(name);
        if (value == null) {
            return null;
        }
        if (!value.isArray()) {
            violation(name, "expected an array of objects");
            return null;
        }
        List<Fields> result = new ArrayList<>();
        boolean bad = false;
        for (int i = 0; i < value.size(); i++) {
            String elementPath = pathOf(name) + "(" + i + ")";
            if (value.get(i).isObject()) {
                result.add(new Fields(value.get(i), elementPath, violations));
            } else {
                violations.add(new Violation(elementPath, "expected an object"));
                bad = true;
            }
        }
        return bad ? null : result;
    }

    private static boolean isWhole(JsonNode value) {
        return value.isIntegralNumber() || value.doubleValue() == Math.rint(value.doubleValue());
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode object) {
        return object::fields;
    }
}

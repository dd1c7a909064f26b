package io.plinth.marathon.rest;

import io.plinth.rest.api.ApiException;
import java.util.List;

/** Query parameters as Marathon reads them; a value it would reject is a 400 naming the parameter. */
final class Params {

    private Params() {
    }

    static boolean bool(String name, String value, boolean absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw ApiException.badRequest("Query parameter '" + name + "' must be 'true' or 'false', not '" + value + "'");
    }

    /** {@code scale} and {@code wipe} contradict each other: Marathon refuses the pair. */
    static void notScaleAndWipe(boolean scale, boolean wipe) {
        if (scale && wipe) {
            throw ApiException.badRequest("You cannot use scale and wipe at the same time.");
        }
    }

    /** An absolute app or group id from a path parameter: {@code a/b/} and {@code /a/b} both give {@code /a/b}. */
    static String absoluteId(String pathId) {
        String id = pathId == null ? "" : pathId.trim();
        while (id.endsWith("/") && id.length() > 1) {
            id = id.substring(0, id.length() - 1);
        }
        return id.startsWith("/") ? id : "/" + id;
    }

    /** Repeated parameters, each possibly comma-separated (both forms are sent by Marathon clients). */
    static List<String> values(List<String> raw) {
        if (raw == null) {
            return List.of();
        }
        return raw.stream().flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::trim).filter(value -> !value.isEmpty()).toList();
    }
}

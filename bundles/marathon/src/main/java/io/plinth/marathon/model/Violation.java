package io.plinth.marathon.model;

import java.util.Objects;

/**
 * One bad field of a request, as a detail of Marathon's 422 answer ({@code {"path","errors"}}).
 *
 * @param path    the field as Marathon names it: {@code /cpus}, {@code /portDefinitions(0)/port},
 *                {@code /apps(2)/mem}; {@code /} for the object as a whole
 * @param message what is wrong, in words a user can act on
 */
public record Violation(String path, String message) {

    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    /** This violation as seen from an enclosing object whose member it is at {@code prefix}. */
    public Violation under(String prefix) {
        return new Violation(path.equals("/") ? prefix : prefix + path, message);
    }
}

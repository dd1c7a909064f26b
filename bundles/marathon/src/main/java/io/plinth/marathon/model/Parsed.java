package io.plinth.marathon.model;

import java.util.List;

/**
 * The outcome of parsing a request body: a value, or the violations that prevent one (never both).
 *
 * @param value      the parsed value; null exactly when {@code violations} is not empty
 * @param violations what is wrong with the input, in input order
 */
public record Parsed<T>(T value, List<Violation> violations) {

    public Parsed {
        violations = List.copyOf(violations);
        if (violations.isEmpty() == (value == null)) {
            throw new IllegalArgumentException("a Parsed holds either a value or violations");
        }
    }

    public static <T> Parsed<T> of(T value) {
        return new Parsed<>(value, List.of());
    }

    public static <T> Parsed<T> failed(List<Violation> violations) {
        return new Parsed<>(null, violations);
    }

    public boolean ok() {
        return violations.isEmpty();
    }
}

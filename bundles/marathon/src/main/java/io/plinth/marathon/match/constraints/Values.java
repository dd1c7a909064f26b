package io.plinth.marathon.match.constraints;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Helpers the built-in operators share: reading constraint values and counting placed values. */
final class Values {

    private Values() {
    }

    /** The value, or empty when absent or blank (Marathon treats {@code ""} as no value). */
    static Optional<String> given(Optional<String> value) {
        return value.filter(v -> !v.isBlank());
    }

    static Optional<String> requireValue(String operator, Optional<String> value) {
        return given(value).isPresent() ? Optional.empty()
                : Optional.of(operator + " needs a value");
    }

    static OptionalInt positiveInt(Optional<String> value) {
        try {
            int n = Integer.parseInt(value.orElse("").strip());
            return n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    static Optional<String> requirePositiveInt(String operator, Optional<String> value) {
        return positiveInt(value).isPresent() ? Optional.empty()
                : Optional.of(operator + " needs a positive integer value, got '" + value.orElse("") + "'");
    }

    static long count(List<Optional<String>> placed, String value) {
        return placed.stream().filter(p -> p.isPresent() && p.get().equals(value)).count();
    }

    /** Compiled patterns by source: constraints repeat the same few regexes on every offer. */
    static final class Patterns {
        private final ConcurrentMap<String, Pattern> compiled = new ConcurrentHashMap<>();

        Pattern get(String regex) {
            return compiled.computeIfAbsent(regex, Pattern::compile);
        }

        Optional<String> validate(String operator, Optional<String> value) {
            Optional<String> missing = requireValue(operator, value);
            if (missing.isPresent()) {
                return missing;
            }
            try {
                get(value.get());
                return Optional.empty();
            } catch (PatternSyntaxException e) {
                return Optional.of(operator + " value '" + value.get() + "' is not a valid regular expression: "
                        + e.getDescription());
            }
        }
    }
}

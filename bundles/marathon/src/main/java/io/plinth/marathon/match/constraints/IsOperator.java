package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code [field, IS, value]}: only agents whose field equals the value (Marathon 1.5's exact match). */
public final class IsOperator implements ConstraintOperator {

    @Override
    public Optional<String> validate(String field, Optional<String> value) {
        return Values.requireValue("IS", value);
    }

    @Override
    public boolean accepts(String field, Optional<String> value, Optional<String> offered,
                           List<Optional<String>> placed, Set<String> known) {
        return offered.isPresent() && offered.equals(value);
    }
}

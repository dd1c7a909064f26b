package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code [field, UNIQUE]}: no two tasks of the app share a value of the field. Takes no value. */
public final class UniqueOperator implements ConstraintOperator {

    @Override
    public Optional<String> validate(String field, Optional<String> value) {
        return Values.given(value).isPresent() ? Optional.of("UNIQUE takes no value") : Optional.empty();
    }

    @Override
    public boolean accepts(String field, Optional<String> value, Optional<String> offered,
                           List<Optional<String>> placed, Set<String> known) {
        return offered.isPresent() && Values.count(placed, offered.get()) == 0;
    }
}

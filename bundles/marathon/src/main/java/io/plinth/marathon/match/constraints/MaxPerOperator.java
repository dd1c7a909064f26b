package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code [field, MAX_PER, n]}: at most n tasks of the app per value of the field. */
public final class MaxPerOperator implements ConstraintOperator {

    @Override
    public Optional<String> validate(String field, Optional<String> value) {
        return Values.requirePositiveInt("MAX_PER", value);
    }

    @Override
    public boolean accepts(String field, Optional<String> value, Optional<String> offered,
                           List<Optional<String>> placed, Set<String> known) {
        int max = Values.positiveInt(value).orElse(0);
        return offered.isPresent() && Values.count(placed, offered.get()) < max;
    }
}

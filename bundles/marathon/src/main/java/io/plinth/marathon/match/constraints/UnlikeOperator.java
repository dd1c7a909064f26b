package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code [field, UNLIKE, regex]}: only agents whose field does not fully match the regex, or that lack it. */
public final class UnlikeOperator implements ConstraintOperator {

    private final Values.Patterns patterns = new Values.Patterns();

    @Override
    public Optional<String> validate(String field, Optional<String> value) {
        return patterns.validate("UNLIKE", value);
    }

    @Override
    public boolean accepts(String field, Optional<String> value, Optional<String> offered,
                           List<Optional<String>> placed, Set<String> known) {
        return offered.isEmpty() || value.isPresent() && !patterns.get(value.get()).matcher(offered.get()).matches();
    }
}

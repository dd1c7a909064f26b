package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code [field, LIKE, regex]}: only agents whose field fully matches the regex (and that have the field). */
public final class LikeOperator implements ConstraintOperator {

    private final Values.Patterns patterns = new Values.Patterns();

    @Override
    public Optional<String> validate(String field, Optional<String> value) {
        return patterns.validate("LIKE", value);
    }

    @Override
    public boolean accepts(String field, Optional<String> value, Optional<String> offered,
                           List<Optional<String>> placed, Set<String> known) {
        return offered.isPresent() && value.isPresent() && patterns.get(value.get()).matcher(offered.get()).matches();
    }
}

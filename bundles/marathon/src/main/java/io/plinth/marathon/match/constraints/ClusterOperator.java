package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code [field, CLUSTER, value]}: every task on agents whose field equals the value.
 * {@code [field, CLUSTER]}: every task on the value of the first placed task (any value while none is placed).
 */
public final class ClusterOperator implements ConstraintOperator {

    @Override
    public Optional<String> validate(String field, Optional<String> value) {
        return Optional.empty();
    }

    @Override
    public boolean accepts(String field, Optional<String> value, Optional<String> offered,
                           List<Optional<String>> placed, Set<String> known) {
        if (offered.isEmpty()) {
            return false;
        }
        Optional<String> target = Values.given(value)
                .or(() -> placed.stream().flatMap(Optional::stream).findFirst());
        return target.map(offered.get()::equals).orElse(true);
    }
}

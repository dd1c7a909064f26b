package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code [field, GROUP_BY]} or {@code [field, GROUP_BY, groups]}: spreads the app's tasks evenly over
 * the values of the field. An offered value is accepted when it holds the fewest tasks among the
 * known values (known values without tasks count as zero). With {@code groups}, a value that already
 * holds tasks is refused until that many values are known, so that the first tasks do not pile up on
 * the values that happen to be offered first.
 */
public final class GroupByOperator implements ConstraintOperator {

    @Override
    public Optional<String> validate(String field, Optional<String> value) {
        return Values.given(value).isEmpty() ? Optional.empty() : Values.requirePositiveInt("GROUP_BY", value);
    }

    @Override
    public boolean accepts(String field, Optional<String> value, Optional<String> offered,
                           List<Optional<String>> placed, Set<String> known) {
        if (offered.isEmpty()) {
            return false;
        }
        int groups = Values.given(value).isEmpty() ? 1 : Values.positiveInt(value).orElse(1);
        Map<String, Long> counts = new HashMap<>();
        known.forEach(v -> counts.put(v, 0L));
        counts.putIfAbsent(offered.get(), 0L);
        placed.stream().flatMap(Optional::stream).forEach(v -> counts.merge(v, 1L, Long::sum));
        long fewest = counts.values().stream().mapToLong(Long::longValue).min().orElse(0);
        long here = counts.get(offered.get());
        return here == fewest && (here == 0 || counts.size() >= groups);
    }
}

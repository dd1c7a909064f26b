package io.plinth.marathon.match.constraints;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operators Plinth ships, by upper-case name. The component that registers them as
 * {@link ConstraintOperator} services (property {@value ConstraintOperator#NAME}), or a test that
 * wants them without OSGi, calls {@link #all()}.
 */
public final class BuiltInOperators {

    private BuiltInOperators() {
    }

    /** Fresh instances of UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER and IS; unmodifiable. */
    public static Map<String, ConstraintOperator> all() {
        Map<String, ConstraintOperator> all = new LinkedHashMap<>();
        all.put("UNIQUE", new UniqueOperator());
        all.put("CLUSTER", new ClusterOperator());
        all.put("GROUP_BY", new GroupByOperator());
        all.put("LIKE", new LikeOperator());
        all.put("UNLIKE", new UnlikeOperator());
        all.put("MAX_PER", new MaxPerOperator());
        all.put("IS", new IsOperator());
        return Collections.unmodifiableMap(all);
    }
}

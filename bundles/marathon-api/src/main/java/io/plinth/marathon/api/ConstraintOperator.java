package io.plinth.marathon.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A placement operator of Marathon's constraints ({@code [field, OPERATOR, value]}). Plinth ships
 * UNIQUE, CLUSTER, GROUP_BY, LIKE, UNLIKE, MAX_PER and IS; a bundle adds another by registering a
 * service of this type with the property {@value #NAME} = its upper-case name.
 *
 * <p>Called from the scheduler's single thread; implementations must be fast and side-effect free.
 */
public interface ConstraintOperator {

    /** Service property carrying the operator's name, e.g. {@code UNIQUE}. */
    String NAME = "plinth.constraint.operator";

    /** A reason the constraint is malformed ({@code value} missing or not a number, ...), or empty. */
    Optional<String> validate(String field, Optional<String> value);

    /**
     * Whether a new task of the app may go to the offered agent.
     *
     * @param offered  the value of {@code field} on the offered agent ({@code hostname} or an attribute
     *                 in its text form), empty if the agent lacks it
     * @param placed   the values of {@code field} on the agents of the app's active tasks, one entry per
     *                 task (empty values for agents that lack the field)
     * @param known    values of {@code field} seen on agents so far (in offers or on placed tasks), for
     *                 GROUP_BY's spreading over values that hold no task yet
     */
    boolean accepts(String field, Optional<String> value, Optional<String> offered, List<Optional<String>> placed,
                    Set<String> known);
}

package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What happens to a task whose agent became unreachable: it is replaced after
 * {@code inactiveAfterSeconds} and forgotten after {@code expungeAfterSeconds}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UnreachableStrategy(long inactiveAfterSeconds, long expungeAfterSeconds) {

    public static final UnreachableStrategy DEFAULT = new UnreachableStrategy(0, 0);
}

package io.plinth.marathon.match;

import java.util.List;

/**
 * What one {@link OfferMatcher#match} call decided. Every offer given appears exactly once: either
 * in some launches (accept it with all of its launches in one ACCEPT call) or in
 * {@code unusedOfferIds} (decline it).
 *
 * @param launches       the tasks to launch, in the order they were decided (group them by offer to accept)
 * @param unusedOfferIds offers that host no launch, in the order given
 */
public record MatchResult(List<Launch> launches, List<String> unusedOfferIds) {

    public MatchResult {
        launches = List.copyOf(launches);
        unusedOfferIds = List.copyOf(unusedOfferIds);
    }
}

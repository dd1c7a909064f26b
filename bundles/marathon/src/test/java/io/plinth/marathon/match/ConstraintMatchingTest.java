package io.plinth.marathon.match;

import static io.plinth.marathon.match.MatchFixtures.app;
import static io.plinth.marathon.match.MatchFixtures.matcher;
import static io.plinth.marathon.match.MatchFixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.mesos.api.resources.Attributes;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The matcher with the built-in operators: constraints see offers, placed tasks and earlier launches. */
class ConstraintMatchingTest {

    private static final String ROOMY = "cpus:16;mem:16384";

    private static Map<String, Long> launchesBy(MatchResult result, Function<Launch, String> key) {
        return result.launches().stream().collect(Collectors.groupingBy(key, Collectors.counting()));
    }

    @Test
    void uniqueHostnameCountsTwoOffersFromOneHostAsOne() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, ""), offer("o2", "a1", "h1", ROOMY, ""));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("hostname", "UNIQUE").pending(2)), List.of());

        assertEquals(1, result.launches().size());
        assertEquals(List.of("o2"), result.unusedOfferIds());
    }

    @Test
    void uniqueHostnameSpreadsOverHostsAndRespectsPlacedTasks() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, ""), offer("o2", "a2", "h2", ROOMY, ""),
                offer("o3", "a3", "h3", ROOMY, ""));
        List<Placement> placed = List.of(new Placement("/web", "a2", "h2", Attributes.empty()),
                new Placement("/other", "a1", "h1", Attributes.empty()));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("@hostname", "UNIQUE").pending(5)), placed);

        assertEquals(Map.of("h1", 1L, "h3", 1L), launchesBy(result, Launch::hostname));
    }

    @Test
    void groupBySpreadsEvenlyOverThreeRacks() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"),
                offer("o2", "a2", "h2", ROOMY, "rack:r2"), offer("o3", "a3", "h3", ROOMY, "rack:r3"));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("rack", "GROUP_BY").pending(6)), List.of());

        assertEquals(Map.of("h1", 2L, "h2", 2L, "h3", 2L), launchesBy(result, Launch::hostname));
    }

    @Test
    void groupByFillsTheEmptiestRackFirst() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"),
                offer("o2", "a2", "h2", ROOMY, "rack:r2"), offer("o3", "a3", "h3", ROOMY, "rack:r3"));
        Attributes r1 = Attributes.parse("rack:r1");
        List<Placement> placed = List.of(new Placement("/web", "a1", "h1", r1), new Placement("/web", "a1", "h1", r1));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("rack", "GROUP_BY", "3").pending(4)), placed);

        assertEquals(Map.of("h2", 2L, "h3", 2L), launchesBy(result, Launch::hostname));
    }

    @Test
    void groupByWithAGroupCountWaitsForUnseenGroups() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("rack", "GROUP_BY", "2").pending(3)), List.of());

        assertEquals(1, result.launches().size(), "one rack known, two wanted: no second task on r1 yet");
    }

    @Test
    void groupByIgnoresAgentsWithoutRoomForTheApp() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"),
                offer("tiny", "a2", "h2", "cpus:0.1;mem:16", "rack:r2"));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("rack", "GROUP_BY").pending(3)), List.of());

        assertEquals(3, result.launches().size(), "a rack that cannot host a task does not hold the others back");
    }

    @Test
    void maxPerCapsTasksPerValue() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"),
                offer("o2", "a2", "h2", ROOMY, "rack:r2"));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("rack", "MAX_PER", "2").pending(5)), List.of());

        assertEquals(Map.of("h1", 2L, "h2", 2L), launchesBy(result, Launch::hostname));
    }

    @Test
    void clusterWithAValuePinsToIt() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"),
                offer("o2", "a2", "h2", ROOMY, "rack:r2"));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("rack", "CLUSTER", "r2").pending(3)), List.of());

        assertEquals(Map.of("h2", 3L), launchesBy(result, Launch::hostname));
    }

    @Test
    void clusterWithoutAValueFollowsTheFirstPlacedTask() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"),
                offer("o2", "a2", "h2", ROOMY, "rack:r2"));
        List<Placement> placed = List.of(new Placement("/web", "a9", "h9", Attributes.parse("rack:r2")));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("rack", "CLUSTER").pending(2)), placed);

        assertEquals(Map.of("h2", 2L), launchesBy(result, Launch::hostname));
    }

    @Test
    void likeUnlikeAndIs() {
        List<OfferView> offers = List.of(offer("o1", "a1", "web-1", ROOMY, "zone:east;level:3"),
                offer("o2", "a2", "db-1", ROOMY, "zone:west"), offer("o3", "a3", "web-2", ROOMY, ""));
        OfferMatcher matcher = matcher("*");

        assertEquals(Map.of("web-1", 1L, "web-2", 1L), launchesBy(matcher.match(offers,
                List.of(app("/a").constraint("hostname", "LIKE", "web-[0-9]+").constraint("hostname", "UNIQUE")
                        .pending(3)), List.of()), Launch::hostname));
        assertEquals(Map.of("db-1", 1L, "web-2", 1L), launchesBy(matcher.match(offers,
                List.of(app("/b").constraint("zone", "UNLIKE", "ea.*").constraint("hostname", "UNIQUE")
                        .pending(3)), List.of()), Launch::hostname), "an agent without the attribute is UNLIKE");
        assertEquals(Map.of("db-1", 2L), launchesBy(matcher.match(offers,
                List.of(app("/c").constraint("zone", "IS", "west").pending(2)), List.of()), Launch::hostname));
        assertEquals(Map.of("web-1", 1L), launchesBy(matcher.match(offers,
                List.of(app("/d").constraint("level", "LIKE", "3").pending(1)), List.of()), Launch::hostname),
                "scalar attributes are compared in their text form");
        assertEquals(Map.of(), launchesBy(matcher.match(offers,
                List.of(app("/e").constraint("zone", "LIKE", "east|west").constraint("hostname", "LIKE", "web")
                        .pending(1)), List.of()), Launch::hostname), "LIKE matches the whole value");
    }

    @Test
    void unknownOrInvalidConstraintsPlaceNothing() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, "rack:r1"));
        OfferMatcher matcher = matcher("*");

        MatchResult unknown = matcher.match(offers,
                List.of(app("/a").constraint("rack", "NEAR", "r1").pending(1), app("/b").pending(1)), List.of());
        assertEquals(List.of("/b"), unknown.launches().stream().map(l -> l.app().id()).toList());

        assertTrue(matcher.match(offers, List.of(app("/c").constraint("rack", "MAX_PER").pending(1)), List.of())
                .launches().isEmpty());
        assertTrue(matcher.match(offers, List.of(app("/d").constraint("rack", "LIKE", "(").pending(1)), List.of())
                .launches().isEmpty());
        assertTrue(matcher.match(offers, List.of(app("/e").constraint("rack").pending(1)), List.of())
                .launches().isEmpty());
    }

    @Test
    void operatorNamesAreLookedUpInUpperCase() {
        List<OfferView> offers = List.of(offer("o1", "a1", "h1", ROOMY, ""), offer("o2", "a2", "h2", ROOMY, ""));
        MatchResult result = matcher("*").match(offers,
                List.of(app("/web").constraint("hostname", "unique").pending(2)), List.of());

        assertEquals(2, result.launches().size());
    }
}

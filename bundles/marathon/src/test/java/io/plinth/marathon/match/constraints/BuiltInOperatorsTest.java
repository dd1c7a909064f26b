package io.plinth.marathon.match.constraints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.ConstraintOperator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltInOperatorsTest {

    private static final ConstraintOperator UNIQUE = new UniqueOperator();
    private static final ConstraintOperator CLUSTER = new ClusterOperator();
    private static final ConstraintOperator GROUP_BY = new GroupByOperator();
    private static final ConstraintOperator LIKE = new LikeOperator();
    private static final ConstraintOperator UNLIKE = new UnlikeOperator();
    private static final ConstraintOperator MAX_PER = new MaxPerOperator();
    private static final ConstraintOperator IS = new IsOperator();

    private static Optional<String> v(String value) {
        return Optional.of(value);
    }

    private static List<Optional<String>> placed(String... values) {
        return java.util.Arrays.stream(values).map(Optional::ofNullable).toList();
    }

    @Test
    void allHasTheSevenOperatorsByName() {
        assertEquals(List.of("UNIQUE", "CLUSTER", "GROUP_BY", "LIKE", "UNLIKE", "MAX_PER", "IS"),
                List.copyOf(BuiltInOperators.all().keySet()));
    }

    @Test
    void unique() {
        assertTrue(UNIQUE.accepts("hostname", Optional.empty(), v("h1"), placed("h2", null), Set.of()));
        assertFalse(UNIQUE.accepts("hostname", Optional.empty(), v("h1"), placed("h2", "h1"), Set.of()));
        assertFalse(UNIQUE.accepts("rack", Optional.empty(), Optional.empty(), placed(), Set.of()));
        assertTrue(UNIQUE.validate("hostname", Optional.empty()).isEmpty());
        assertTrue(UNIQUE.validate("hostname", v("x")).isPresent());
    }

    @Test
    void cluster() {
        assertTrue(CLUSTER.accepts("rack", v("a"), v("a"), placed(), Set.of()));
        assertFalse(CLUSTER.accepts("rack", v("a"), v("b"), placed(), Set.of()));
        assertTrue(CLUSTER.accepts("rack", Optional.empty(), v("b"), placed(), Set.of()), "nothing placed yet");
        assertTrue(CLUSTER.accepts("rack", Optional.empty(), v("b"), placed(null, "b"), Set.of()));
        assertFalse(CLUSTER.accepts("rack", Optional.empty(), v("c"), placed("b"), Set.of()));
        assertFalse(CLUSTER.accepts("rack", v("a"), Optional.empty(), placed(), Set.of()));
    }

    @Test
    void groupBy() {
        Set<String> racks = Set.of("a", "b", "c");
        assertTrue(GROUP_BY.accepts("rack", Optional.empty(), v("a"), placed(), racks));
        assertFalse(GROUP_BY.accepts("rack", Optional.empty(), v("a"), placed("a"), racks), "b and c hold none");
        assertTrue(GROUP_BY.accepts("rack", Optional.empty(), v("c"), placed("a", "b"), racks));
        assertTrue(GROUP_BY.accepts("rack", Optional.empty(), v("a"), placed("a", "b", "c"), racks));
        assertTrue(GROUP_BY.accepts("rack", Optional.empty(), v("d"), placed("a", "b", "c"), racks),
                "a value not seen before holds no task");
        assertFalse(GROUP_BY.accepts("rack", v("3"), v("a"), placed("a", "b"), Set.of("a", "b")),
                "three groups wanted, two known");
        assertTrue(GROUP_BY.accepts("rack", v("2"), v("a"), placed("a", "b"), Set.of("a", "b")));
        assertFalse(GROUP_BY.accepts("rack", Optional.empty(), Optional.empty(), placed(), racks));
        assertTrue(GROUP_BY.validate("rack", Optional.empty()).isEmpty());
        assertTrue(GROUP_BY.validate("rack", v("3")).isEmpty());
        assertTrue(GROUP_BY.validate("rack", v("three")).isPresent());
        assertTrue(GROUP_BY.validate("rack", v("0")).isPresent());
    }

    @Test
    void likeAndUnlike() {
        assertTrue(LIKE.accepts("rack", v("rack-[12]"), v("rack-1"), placed(), Set.of()));
        assertFalse(LIKE.accepts("rack", v("rack-[12]"), v("rack-3"), placed(), Set.of()));
        assertFalse(LIKE.accepts("rack", v("rack"), v("rack-1"), placed(), Set.of()), "a full match is needed");
        assertFalse(LIKE.accepts("rack", v(".*"), Optional.empty(), placed(), Set.of()));
        assertFalse(UNLIKE.accepts("rack", v("rack-[12]"), v("rack-1"), placed(), Set.of()));
        assertTrue(UNLIKE.accepts("rack", v("rack-[12]"), v("rack-3"), placed(), Set.of()));
        assertTrue(UNLIKE.accepts("rack", v(".*"), Optional.empty(), placed(), Set.of()));
        assertTrue(LIKE.validate("rack", Optional.empty()).isPresent());
        assertTrue(LIKE.validate("rack", v("[")).orElseThrow().contains("regular expression"));
        assertTrue(UNLIKE.validate("rack", v("(a")).isPresent());
        assertTrue(UNLIKE.validate("rack", v("a|b")).isEmpty());
    }

    @Test
    void maxPer() {
        assertTrue(MAX_PER.accepts("rack", v("2"), v("a"), placed("a", "b"), Set.of()));
        assertFalse(MAX_PER.accepts("rack", v("2"), v("a"), placed("a", "a"), Set.of()));
        assertFalse(MAX_PER.accepts("rack", v("2"), Optional.empty(), placed(), Set.of()));
        assertTrue(MAX_PER.validate("rack", Optional.empty()).isPresent());
        assertTrue(MAX_PER.validate("rack", v("x")).isPresent());
        assertTrue(MAX_PER.validate("rack", v("-1")).isPresent());
        assertTrue(MAX_PER.validate("rack", v("2")).isEmpty());
    }

    @Test
    void is() {
        assertTrue(IS.accepts("zone", v("west"), v("west"), placed(), Set.of()));
        assertFalse(IS.accepts("zone", v("west"), v("westish"), placed(), Set.of()));
        assertFalse(IS.accepts("zone", v("west"), Optional.empty(), placed(), Set.of()));
        assertTrue(IS.validate("zone", Optional.empty()).isPresent());
        assertTrue(IS.validate("zone", v("west")).isEmpty());
    }
}

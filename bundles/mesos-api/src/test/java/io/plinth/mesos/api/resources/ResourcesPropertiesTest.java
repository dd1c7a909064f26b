package io.plinth.mesos.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ResourcesPropertiesTest {

    @Property
    void printThenParseIsIdentity(@ForAll("resources") Resources r) {
        assertEquals(r, Resources.parse(r.toString()));
        assertEquals(r.toString(), Resources.parse(r.toString()).toString());
    }

    @Property
    void protoRoundTripsInBothFormats(@ForAll("resources") Resources r) {
        assertEquals(r, Resources.fromProto(r.toProto(null, false)));
        assertEquals(r, Resources.fromProto(r.toProto("some-role", true)));
    }

    /**
     * Holds for scalars always, for ranges and sets when they do not overlap: their sum is a union,
     * as in Mesos, so adding a port twice holds it once (the allocator never adds overlapping ones).
     */
    @Property
    void minusUndoesPlus(@ForAll("resources") Resources a, @ForAll("resources") Resources anyB) {
        Resources b = withoutOverlap(anyB, a);
        assertEquals(a, a.plus(b).minus(b));
        assertEquals(b, a.plus(b).minus(a));
    }

    @Property
    void overlappingRangesAndSetsAddAsUnion(@ForAll("resources") Resources a) {
        assertEquals(a.filter(r -> r.type() != ResourceType.SCALAR),
                a.plus(a).filter(r -> r.type() != ResourceType.SCALAR));
        assertEquals(a.scalar("cpus") * 2, a.plus(a).scalar("cpus"), 1e-9);
    }

    /** {@code b} without the range values and items that {@code a} holds under the same name and role. */
    private static Resources withoutOverlap(Resources b, Resources a) {
        return Resources.of(b.stream().map(r -> switch (r.type()) {
            case SCALAR -> r;
            case RANGES -> Resource.ofRanges(r.name(), r.role(),
                    Range.subtract(r.ranges(), a.reservedTo(r.role()).ranges(r.name())));
            case SET -> {
                java.util.TreeSet<String> items = new java.util.TreeSet<>(r.items());
                items.removeAll(a.reservedTo(r.role()).items(r.name()));
                yield Resource.ofSet(r.name(), r.role(), items);
            }
        }).toList());
    }

    @Property
    void plusIsCommutativeAndAssociative(@ForAll("resources") Resources a, @ForAll("resources") Resources b,
                                         @ForAll("resources") Resources c) {
        assertEquals(a.plus(b), b.plus(a));
        assertEquals(a.plus(b).plus(c), a.plus(b.plus(c)));
        assertEquals(a, a.plus(Resources.empty()));
    }

    @Property
    void containsLaws(@ForAll("resources") Resources a, @ForAll("resources") Resources b,
                      @ForAll("resources") Resources c) {
        assertTrue(a.contains(a));
        assertTrue(a.contains(Resources.empty()));
        Resources ab = a.plus(b);
        assertTrue(ab.contains(a));
        assertTrue(ab.contains(b));
        assertTrue(ab.plus(c).contains(a), "transitive through a+b");
        if (a.contains(b) && b.contains(a)) {
            assertEquals(a, b, "antisymmetric");
        }
        if (a.contains(b)) {
            assertEquals(a, a.minus(b).plus(b));
        } else {
            assertThrows(IllegalArgumentException.class, () -> a.minus(b));
        }
    }

    @Property
    void addingAPositiveScalarIsNeverContained(@ForAll("resources") Resources a,
                                               @ForAll("positiveMillis") int millis) {
        Resources more = a.plus(Resources.of(Resource.ofScalar("cpus", "*", millis / 1000.0)));
        assertFalse(a.contains(more));
        assertThrows(IllegalArgumentException.class, () -> a.minus(more));
    }

    @Property
    void rolePartitionsAddUpToTheWhole(@ForAll("resources") Resources r) {
        Resources sum = Resources.empty();
        for (String role : r.roles()) {
            sum = sum.plus(r.reservedTo(role));
        }
        assertEquals(r, sum);
        assertEquals(r.unreserved().plus(r.reservedTo("a")), r.allocatableTo("a"));
    }

    @Property
    void attributesRoundTrip(@ForAll("attributes") Attributes a) {
        assertEquals(a, Attributes.parse(a.toString()));
        assertEquals(a, Attributes.fromProto(a.toProto()));
    }

    @Provide
    Arbitrary<Integer> positiveMillis() {
        return Arbitraries.integers().between(1, 1_000_000);
    }

    @Provide
    Arbitrary<Resources> resources() {
        return resource().list().ofMaxSize(8).map(Resources::of);
    }

    private static Arbitrary<String> roles() {
        return Arbitraries.of("*", "*", "a", "slave_public", "x/y");
    }

    private static Arbitrary<Resource> resource() {
        Arbitrary<Resource> scalar = Combinators.combine(Arbitraries.of("cpus", "mem", "disk", "gpus", "custom"),
                        roles(), Arbitraries.integers().between(0, 100_000_000))
                .as((name, role, millis) -> Resource.ofScalar(name, role, millis / 1000.0));
        Arbitrary<Range> range = Combinators.combine(Arbitraries.longs().between(0, 2_000),
                Arbitraries.longs().between(0, 40)).as((begin, length) -> new Range(begin, begin + length));
        Arbitrary<Resource> ranges = Combinators.combine(Arbitraries.of("ports", "vlans"), roles(), range.list().ofMaxSize(5))
                .as(Resource::ofRanges);
        Arbitrary<Resource> set = Combinators.combine(Arbitraries.of("zones"), roles(),
                        Arbitraries.of("a", "b", "c", "d-1", "e.2").set().ofMaxSize(4))
                .as(Resource::ofSet);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar), net.jqwik.api.Tuple.of(3, ranges), net.jqwik.api.Tuple.of(1, set));
    }

    @Provide
    Arbitrary<Attributes> attributes() {
        Arbitrary<AttributeValue> value = Arbitraries.oneOf(
                Arbitraries.of("a", "west", "rack-1", "10.0.0.1", "x_y").map(AttributeValue.Text::new),
                Arbitraries.integers().between(-5_000, 5_000_000).map(m -> new AttributeValue.Scalar(m / 1000.0)),
                Combinators.combine(Arbitraries.longs().between(0, 100), Arbitraries.longs().between(0, 10))
                        .as((b, l) -> new Range(b, b + l)).list().ofMaxSize(3).map(AttributeValue.Ranges::new),
                Arbitraries.of("ssd", "hdd", "nvme").set().ofMaxSize(3).map(AttributeValue.Set::of));
        return Combinators.combine(Arbitraries.of("rack", "zone", "level", "r", "os"), value).as(Attribute::new)
                .list().ofMaxSize(5).map(Attributes::of);
    }

    @Property
    void parseNeverFailsWithAnythingButIllegalArgument(@ForAll("junk") String text) {
        try {
            Resources r = Resources.parse(text);
            assertEquals(r, Resources.parse(r.toString()));
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().startsWith("bad resource entry '"), expected.getMessage());
        }
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars("cpusmem:;()[]{}-,.0123456789* ").ofMaxLength(30);
    }
}

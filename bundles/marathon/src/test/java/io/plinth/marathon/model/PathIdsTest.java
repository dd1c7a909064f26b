package io.plinth.marathon.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PathIdsTest {

    @Test
    void resolvesRelativeIdsAgainstTheBaseGroup() {
        assertEquals("/prod/foo", PathIds.canonical("foo", "/prod"));
        assertEquals("/prod/foo", PathIds.canonical("./foo", "/prod"));
        assertEquals("/foo", PathIds.canonical("../foo", "/prod"));
        assertEquals("/prod/foo/bar", PathIds.canonical("foo/bar/", "/prod"));
        assertEquals("/foo", PathIds.canonical("foo", "/"));
        assertEquals("/abs", PathIds.canonical("/abs", "/prod"));
        assertEquals("/a/c", PathIds.canonical("/a/./b/../c/", "/x"));
        assertEquals("/", PathIds.canonical("../..", "/a"));
    }

    @Test
    void checksSegmentsAgainstMarathonsRule() {
        assertEquals(Optional.empty(), PathIds.problem("/prod/web-1"));
        assertEquals(Optional.empty(), PathIds.problem("/my.app/x"));
        assertTrue(PathIds.problem("/").isPresent());
        assertTrue(PathIds.problem("").isPresent());
        assertTrue(PathIds.problem("/Prod").orElseThrow().contains("Prod"));
        assertTrue(PathIds.problem("/web-").isPresent());
        assertTrue(PathIds.problem("/a_b").isPresent());
        assertTrue(PathIds.problem("/a..b").isPresent());
    }

    @Test
    void parentsAndAncestors() {
        assertEquals("/a", PathIds.parent("/a/b"));
        assertEquals("/", PathIds.parent("/a"));
        assertEquals("/", PathIds.parent("/"));
        assertTrue(PathIds.isAncestor("/", "/a"));
        assertTrue(PathIds.isAncestor("/a", "/a/b/c"));
        assertFalse(PathIds.isAncestor("/a", "/a"));
        assertFalse(PathIds.isAncestor("/a", "/ab"));
        assertFalse(PathIds.isAncestor("/", "/"));
    }

    @Test
    void taskIdsAndNames() {
        assertEquals("prod_web", PathIds.taskIdPrefix("/prod/web"));
        assertEquals("/prod/web", PathIds.appIdOfTask("prod_web.0f3c8d6e-1b2a-11ee-be56-0242ac120002"));
        assertEquals("/my.app", PathIds.appIdOfTask("my.app.uuid"));
        assertEquals("web.prod", PathIds.taskName("/prod/web"));
        assertEquals("web", PathIds.taskName("/web"));
        assertThrows(IllegalArgumentException.class, () -> PathIds.appIdOfTask("nodot"));
    }

    @Property
    void canonicalIsIdempotent(@ForAll("ids") String id, @ForAll("absoluteIds") String base) {
        String once = PathIds.canonical(id, base);
        assertEquals(once, PathIds.canonical(once, base));
        assertEquals(once, PathIds.canonical(once, "/"));
        assertTrue(once.startsWith("/"));
        assertTrue(once.equals("/") || !once.endsWith("/"));
    }

    @Property
    void taskIdRoundTrips(@ForAll("absoluteIds") String appId, @ForAll("uuids") String uuid) {
        assertEquals(Optional.empty(), PathIds.problem(appId));
        assertEquals(appId, PathIds.appIdOfTask(PathIds.taskIdPrefix(appId) + "." + uuid));
    }

    @Provide
    Arbitrary<String> ids() {
        return Arbitraries.of("a", "b.c", ".", "..", "", "x-1").list().ofMaxSize(6)
                .map(segments -> String.join("/", segments))
                .flatMap(id -> Arbitraries.of(id, "/" + id, id + "/"));
    }

    @Provide
    Arbitrary<String> absoluteIds() {
        return Arbitraries.of("a", "b.c", "x-1", "z9").list().ofMinSize(1).ofMaxSize(4)
                .map(segments -> "/" + String.join("/", segments));
    }

    @Provide
    Arbitrary<String> uuids() {
        return Arbitraries.strings().withChars("0123456789abcdef-").ofMinLength(1).ofMaxLength(36);
    }
}

package io.plinth.coordination.zk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ZnodeLayoutTest {

    @Test
    void placesElectionsAndStateBelowTheBasePath() {
        ZnodeLayout layout = new ZnodeLayout("/plinth");
        assertEquals("/plinth/leaders", layout.leaders());
        assertEquals("/plinth/leaders/mesos", layout.group("mesos"));
        assertEquals("/plinth/state/apps", layout.collection("apps"));
        assertEquals("/plinth/state/apps/my-app.v1:2_x", layout.entity("apps", "my-app.v1:2_x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/plinth", "plinth", "/plinth/", " /plinth// "})
    void toleratesSlashesAroundTheBasePath(String configured) {
        assertEquals("/plinth", new ZnodeLayout(configured).basePath());
    }

    @Test
    void rootBasePathHasNoPrefix() {
        assertEquals("/leaders/mesos", new ZnodeLayout("/").group("mesos"));
        assertEquals("/state", new ZnodeLayout("").state());
    }

    @Test
    void rejectsAnInvalidBasePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ZnodeLayout("/a//b"));
        assertTrue(e.getMessage().contains("'/a//b'"), e.getMessage());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "a/b", "a b", "ü", "a\u0000", "/"})
    void rejectsNamesThatAreNotOneSegment(String name) {
        ZnodeLayout layout = new ZnodeLayout("/plinth");
        assertFalse(layout.isValidName(name));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layout.entity("apps", name));
        assertTrue(e.getMessage().startsWith("Invalid id '" + name + "'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> layout.collection(name));
        assertTrue(e.getMessage().startsWith("Invalid collection '" + name + "'"), e.getMessage());
    }
}

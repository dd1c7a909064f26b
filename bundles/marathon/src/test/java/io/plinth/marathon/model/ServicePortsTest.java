package io.plinth.marathon.model;

import static io.plinth.marathon.model.GroupsTest.app;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.Group;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePortsTest {

    private static final Group EMPTY = new Group("/", null, null, null, null);

    @Test
    void assignsLowestFreePortsInIdOrderAndKeepsGivenOnes() {
        Group root = Groups.putApps(EMPTY, List.of(
                app("/b", ",'portDefinitions':[{'port':0,'name':'http'},{'port':0,'protocol':'udp'}]"),
                app("/a", ",'portDefinitions':[{'port':10001},{'port':0}]"),
                app("/c", ",'portDefinitions':[]"),
                app("/d/e", ",'portDefinitions':[{'port':80}]")));
        Group assigned = new ServicePorts().assign(root);
        assertEquals(List.of(10001, 10000), Groups.app(assigned, "/a").orElseThrow().ports());
        assertEquals(List.of(10002, 10003), Groups.app(assigned, "/b").orElseThrow().ports());
        assertEquals("http", Groups.app(assigned, "/b").orElseThrow().portDefinitions().get(0).name());
        assertEquals("udp", Groups.app(assigned, "/b").orElseThrow().portDefinitions().get(1).protocol());
        assertEquals(List.of(), Groups.app(assigned, "/c").orElseThrow().ports());
        assertEquals(List.of(80), Groups.app(assigned, "/d/e").orElseThrow().ports());
        assertEquals(List.of(), Groups.validateRoot(assigned));
        assertSame(assigned, new ServicePorts().assign(assigned));
    }

    @Test
    void exhaustedRangeThrowsWithAClearMessage() {
        Group root = Groups.putApps(EMPTY, List.of(app("/a", ",'portDefinitions':[{'port':0},{'port':0},{'port':0}]")));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new ServicePorts(5000, 5001).assign(root));
        assertTrue(e.getMessage().contains("5000..5001") && e.getMessage().contains("/a"), e.getMessage());
        Group twoFit = Groups.putApps(EMPTY, List.of(app("/a", ",'portDefinitions':[{'port':0},{'port':0}]")));
        assertEquals(List.of(5000, 5001), Groups.app(new ServicePorts(5000, 5001).assign(twoFit), "/a").orElseThrow().ports());
        assertThrows(IllegalArgumentException.class, () -> new ServicePorts(10, 5));
    }
}

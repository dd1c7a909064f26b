package io.plinth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeDefaultsTest {

    private final NodeDefaults node = new NodeDefaults(Map.of(
            "plinth.advertise.ip", "10.0.0.5",
            "plinth.hostname", "",
            "plinth.http.port", "8080",
            "karaf.data", "/opt/karaf/data")::get);
    private final NodeDefaults bare = new NodeDefaults(name -> null);

    @Test
    void configuredValuesWin() {
        assertEquals("10.0.0.9", node.advertiseIp(" 10.0.0.9 "));
        assertEquals("agent-1", node.hostname("agent-1", "10.0.0.9"));
        assertEquals(5051, node.port(5051));
        assertEquals(Path.of("/srv/plinth"), node.workDir("/srv/plinth"));
    }

    @Test
    void emptyValuesComeFromTheNode() {
        assertEquals("10.0.0.5", node.advertiseIp(""));
        assertEquals("10.0.0.5", node.hostname("", "10.0.0.5"), "no host name anywhere: the advertised address");
        assertEquals(8080, node.port(0));
        assertEquals(Path.of("/opt/karaf/data/plinth"), node.workDir(""));
        assertEquals(Path.of("/w"), new NodeDefaults(Map.of("plinth.work.dir", "/w")::get).workDir(""));
    }

    @Test
    void outsideKarafThereAreLastResorts() {
        assertEquals("127.0.0.1", bare.advertiseIp(""));
        assertEquals(5051, bare.port(0));
        assertThrows(IllegalArgumentException.class, () -> bare.workDir(""));
        assertThrows(IllegalArgumentException.class, () -> new NodeDefaults(Map.of("plinth.http.port", "http")::get).port(0));
    }
}

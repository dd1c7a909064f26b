package io.plinth.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.agent.core.AgentSettings;
import io.plinth.mesos.api.resources.ResourceDetector;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Resource;
import org.junit.jupiter.api.Test;

class ComponentSettingsTest {

    private final NodeDefaults node = new NodeDefaults(Map.of("plinth.advertise.ip", "10.0.0.5", "plinth.http.port", "8080",
            "plinth.work.dir", "/var/lib/plinth")::get);

    /** The typed configuration with its defaults, as DS builds it when nothing is configured. */
    private static class Simulated implements SimulatedAgentsConfig {
        int count = 0;
        String resources = "cpus:4;mem:8192;disk:32768;ports:[31000-32000]";
        String defaultRole = "*";
        String attributes = "";

        @Override
        public int count() {
            return count;
        }

        @Override
        public String resources() {
            return resources;
        }

        @Override
        public String attributes() {
            return attributes;
        }

        @Override
        public String defaultRole() {
            return defaultRole;
        }

        @Override
        public String hostname() {
            return "";
        }

        @Override
        public String advertiseIp() {
            return "";
        }

        @Override
        public int port() {
            return 0;
        }

        @Override
        public String workDir() {
            return "";
        }

        @Override
        public int updateRetrySeconds() {
            return 10;
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return SimulatedAgentsConfig.class;
        }
    }

    private static Resource named(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.getName().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void simulatedAgentsShareTheNodeButNotTheirDirectoriesOrPorts() {
        Simulated config = new Simulated();
        config.count = 3;
        config.attributes = "rack:a";
        List<AgentSettings> agents = SimulatedAgents.settings(config, node, "0.1.0");

        assertEquals(3, agents.size());
        AgentSettings third = agents.get(2);
        assertEquals("10.0.0.5", third.hostname());
        assertEquals(8082, third.port());
        assertEquals(Path.of("/var/lib/plinth/simulated/2"), third.workDir());
        assertEquals(Duration.ofSeconds(10), third.updateRetryInterval());
        assertEquals(4, named(third.resources(), "cpus").getScalar().getValue());
        assertEquals(0, named(third.resources(), "cpus").getReservationsCount(), "role * is unreserved");
        assertEquals("rack", third.attributes().get(0).getName());
    }

    @Test
    void defaultRoleReservesUnreservedEntries() {
        Simulated config = new Simulated();
        config.count = 1;
        config.defaultRole = "slave_public";
        config.resources = "cpus:2;mem(web):512";
        List<Resource> resources = SimulatedAgents.settings(config, node, "0.1.0").get(0).resources();

        Resource cpus = named(resources, "cpus");
        assertEquals("slave_public", cpus.getReservations(0).getRole());
        assertEquals(Resource.ReservationInfo.Type.STATIC, cpus.getReservations(0).getType());
        assertEquals("web", named(resources, "mem").getReservations(0).getRole());
    }

    @Test
    void badValuesAreRefusedEvenWithoutAgents() {
        Simulated config = new Simulated();
        config.resources = "cpus:lots";
        assertThrows(IllegalArgumentException.class, () -> SimulatedAgents.settings(config, node, "0.1.0"));
        Simulated none = new Simulated();
        assertTrue(SimulatedAgents.settings(none, node, "0.1.0").isEmpty());
        none.count = -1;
        assertThrows(IllegalArgumentException.class, () -> SimulatedAgents.settings(none, node, "0.1.0"));
    }

    @Test
    void realAgentDetectsWhatIsNotConfiguredAndGivesItTheDefaultRole() {
        AgentConfig config = new AgentConfig() {
            @Override public String resources() { return "cpus:2"; }
            @Override public String attributes() { return ""; }
            @Override public String defaultRole() { return "slave_public"; }
            @Override public String hostname() { return "agent-1"; }
            @Override public String advertiseIp() { return ""; }
            @Override public int port() { return 0; }
            @Override public String workDir() { return ""; }
            @Override public int updateRetrySeconds() { return 3; }
            @Override public long gcDelayMinutes() { return 60; }
            @Override public double gcDiskHeadroom() { return 0.1; }
            @Override public String containerizer_target() { return AgentComponent.DEFAULT_CONTAINERIZER; }
            @Override public Class<? extends Annotation> annotationType() { return AgentConfig.class; }
        };
        long gib = 1024L * 1024 * 1024;
        ResourceDetector detector = new ResourceDetector(() -> 16, () -> 32 * gib, dir -> 100 * gib);
        AgentSettings settings = AgentComponent.settings(config, node, "0.1.0", detector);

        assertEquals("agent-1", settings.hostname());
        assertEquals(Path.of("/var/lib/plinth"), settings.workDir());
        assertEquals(Duration.ofSeconds(3), settings.updateRetryInterval());
        assertEquals(2, named(settings.resources(), "cpus").getScalar().getValue(), "configured, not detected");
        Resource mem = named(settings.resources(), "mem");
        assertTrue(mem.getScalar().getValue() > 0);
        assertEquals("slave_public", mem.getReservations(0).getRole());
        assertEquals("slave_public", named(settings.resources(), "ports").getReservations(0).getRole());
        named(settings.resources(), "disk");
    }
}

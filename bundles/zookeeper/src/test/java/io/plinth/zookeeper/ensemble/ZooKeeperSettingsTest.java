package io.plinth.zookeeper.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.quorum.QuorumPeerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZooKeeperSettingsTest {

    private static final Path DATA = Path.of("/var/lib/plinth/zookeeper");
    private static final String THREE = "10.0.0.1:2888:3888,10.0.0.2:2888:3888,10.0.0.3:2888:3888";

    private static ZooKeeperSettings settings(String clientAddress, int clientPort, String servers, int serverId,
            Path dataDir, String hostname) {
        return new ZooKeeperSettings(clientAddress, clientPort, Member.parseList(servers, clientPort), serverId,
                dataDir, 2000, 10, 5, 24, hostname);
    }

    private static Map<Object, Object> sorted(Properties properties) {
        return new TreeMap<>(properties);
    }

    @Test
    void standaloneProperties() {
        ZooKeeperSettings settings = settings("0.0.0.0", 2181, "", 1, DATA, "");

        assertTrue(settings.standalone());
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("dataDir", "/var/lib/plinth/zookeeper"),
                Map.entry("clientPort", "2181"),
                Map.entry("clientPortAddress", "0.0.0.0"),
                Map.entry("tickTime", "2000"),
                Map.entry("initLimit", "10"),
                Map.entry("syncLimit", "5"),
                Map.entry("maxSessionTimeout", "60000"),
                Map.entry("autopurge.snapRetainCount", "3"),
                Map.entry("autopurge.purgeInterval", "24"),
                Map.entry("admin.enableServer", "false"),
                Map.entry("4lw.commands.whitelist", "srvr,ruok,mntr"),
                Map.entry("jmx.log4j.disable", "true"))), sorted(settings.quorumProperties()));
    }

    @Test
    void ensembleListsEveryMemberAsServerN() {
        Properties properties = settings("0.0.0.0", 2181, THREE, 2, DATA, "").quorumProperties();

        assertEquals("10.0.0.1:2888:3888", properties.getProperty("server.1"));
        assertEquals("10.0.0.2:2888:3888", properties.getProperty("server.2"));
        assertEquals("10.0.0.3:2888:3888", properties.getProperty("server.3"));
        assertEquals(null, properties.getProperty("server.4"));
        assertEquals("2181", properties.getProperty("clientPort"));
    }

    @Test
    void blankClientAddressBindsEverywhere() {
        ZooKeeperSettings settings = settings(" ", 2181, "", 1, DATA, "");

        assertFalse(settings.quorumProperties().containsKey("clientPortAddress"));
        assertEquals("*:2181", settings.clientEndpoint());
    }

    @Test
    void oneMemberListRunsStandalone() {
        ZooKeeperSettings settings = settings("0.0.0.0", 2181, "10.0.0.1:2888:3888", 1, DATA, "");

        assertTrue(settings.standalone());
        assertFalse(settings.quorumProperties().containsKey("server.1"));
        assertEquals(List.of(new ProbeTarget("10.0.0.1", "10.0.0.1", 2181)), settings.statusTargets());
    }

    @Test
    void serverIdMustPointIntoTheList() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings("0.0.0.0", 2181, THREE, 4, DATA, ""));

        assertEquals("serverId (position in servers) must be 1-3, was 4", e.getMessage());
    }

    @Test
    void ownEntryMustUseTheConfiguredClientPort() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings("0.0.0.0", 2181, "h:1:2;2181,h:3:4;2182", 2, DATA, ""));

        assertEquals("servers entry 2 (this server, serverId 2) names client port 2182 but clientPort is 2181",
                e.getMessage());
    }

    @Test
    void numbersOutOfRangeAreNamed() {
        assertEquals("clientPort must be 1-65535, was 0", assertThrows(IllegalArgumentException.class,
                () -> settings("0.0.0.0", 0, "", 1, DATA, "")).getMessage());
        assertEquals("tickTime must be 1 or more, was 0", assertThrows(IllegalArgumentException.class,
                () -> new ZooKeeperSettings("", 2181, List.of(), 1, DATA, 0, 10, 5, 24, "")).getMessage());
        assertEquals("purgeIntervalHours must be 0 or more, was -1", assertThrows(IllegalArgumentException.class,
                () -> new ZooKeeperSettings("", 2181, List.of(), 1, DATA, 2000, 10, 5, -1, "")).getMessage());
        assertEquals("dataDir must be an absolute path, was data", assertThrows(IllegalArgumentException.class,
                () -> settings("", 2181, "", 1, Path.of("data"), "")).getMessage());
    }

    @Test
    void standaloneIsProbedLocallyAndShownUnderItsHostname() {
        assertEquals(List.of(new ProbeTarget("127.0.0.1", "127.0.0.1", 2181)),
                settings("0.0.0.0", 2181, "", 1, DATA, "").statusTargets());
        assertEquals(List.of(new ProbeTarget("10.0.0.7", "127.0.0.1", 2181)),
                settings("0.0.0.0", 2181, "", 1, DATA, "10.0.0.7").statusTargets());
        assertEquals(List.of(new ProbeTarget("10.0.0.7", "10.0.0.7", 2182)),
                settings("10.0.0.7", 2182, "", 1, DATA, "10.0.0.7").statusTargets());
    }

    @Test
    void ensembleIsProbedMemberByMemberInIdOrder() {
        assertEquals(List.of(
                new ProbeTarget("h1", "h1", 2181),
                new ProbeTarget("h2", "h2", 2182),
                new ProbeTarget("h3", "h3", 2181)),
                settings("0.0.0.0", 2181, "h1:1:2,h2:1:2;2182,h3:1:2", 1, DATA, "ignored").statusTargets());
    }

    /** The properties are only right if ZooKeeper reads them as meant. */
    @Test
    void zooKeeperReadsTheStandaloneProperties(@TempDir Path dir) throws Exception {
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parseProperties(settings("127.0.0.1", 21810, "", 1, dir, "").quorumProperties());
        ServerConfig server = new ServerConfig();
        server.readFrom(config);

        assertFalse(config.isDistributed());
        assertEquals(21810, server.getClientPortAddress().getPort());
        assertEquals("127.0.0.1", server.getClientPortAddress().getHostString());
        assertEquals(dir.toFile(), server.getDataDir());
        assertEquals(2000, server.getTickTime());
        assertEquals(24, config.getPurgeInterval());
        assertEquals(3, config.getSnapRetainCount());
        assertEquals("false", System.getProperty("zookeeper.admin.enableServer"));
        assertEquals("srvr,ruok,mntr", System.getProperty("zookeeper.4lw.commands.whitelist"));
    }

    @Test
    void zooKeeperReadsTheEnsembleProperties(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("myid"), "2\n");
        QuorumPeerConfig config = new QuorumPeerConfig();
        config.parseProperties(settings("0.0.0.0", 2181, THREE, 2, dir, "").quorumProperties());

        assertTrue(config.isDistributed());
        assertEquals(2, config.getServerId());
        assertEquals(3, config.getServers().size());
        assertEquals(3888, (int) config.getServers().get(3L).electionAddr.getAllPorts().get(0));
        assertEquals(10, config.getInitLimit());
        assertEquals(5, config.getSyncLimit());
    }
}

package io.plinth.zookeeper.ensemble;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Validated settings of this node's ZooKeeper server and the ensemble it belongs to.
 *
 * @param clientAddress      address the client port binds to; blank, {@code 0.0.0.0} or {@code ::} for all
 * @param clientPort         client port of this server
 * @param members            the ensemble in id order; empty for a standalone server
 * @param serverId           this server's id: its position in {@code members}; ignored when that is empty
 * @param dataDir            absolute directory of snapshots, transaction logs and {@code myid}
 * @param tickTime           ZooKeeper's time unit, milliseconds
 * @param initLimit          ticks a follower may take to connect and sync to the leader
 * @param syncLimit          ticks a follower may lag behind the leader
 * @param purgeIntervalHours hours between purges of old snapshots and logs; 0 keeps everything
 * @param hostname           name the status shows for a standalone server; blank for 127.0.0.1
 */
public record ZooKeeperSettings(String clientAddress, int clientPort, List<Member> members, int serverId,
        Path dataDir, int tickTime, int initLimit, int syncLimit, int purgeIntervalHours, String hostname) {

    /**
     * {@code srvr} is what the ensemble status asks; {@code ruok} and {@code mntr} are what operators and
     * monitoring ask. ZooKeeper 3.5+ answers no four-letter word that is not listed.
     */
    static final String FOUR_LETTER_WORDS = "srvr,ruok,mntr";
    /** Snapshots (with their logs) kept by the purge; ZooKeeper's minimum and default. */
    static final int SNAPSHOTS_KEPT = 3;
    private static final String LOOPBACK = "127.0.0.1";

    public ZooKeeperSettings {
        clientAddress = clientAddress == null ? "" : clientAddress.trim();
        hostname = hostname == null ? "" : hostname.trim();
        members = List.copyOf(members);
        Objects.requireNonNull(dataDir, "dataDir");
        if (!dataDir.isAbsolute()) {
            throw new IllegalArgumentException("dataDir must be an absolute path, was " + dataDir);
        }
        requireRange("clientPort", clientPort, 1, 65535);
        requireRange("tickTime", tickTime, 1, Integer.MAX_VALUE);
        requireRange("initLimit", initLimit, 1, Integer.MAX_VALUE);
        requireRange("syncLimit", syncLimit, 1, Integer.MAX_VALUE);
        requireRange("purgeIntervalHours", purgeIntervalHours, 0, Integer.MAX_VALUE);
        if (!members.isEmpty()) {
            requireRange("serverId (position in servers)", serverId, 1, members.size());
            Member self = members.get(serverId - 1);
            if (self.clientPort() != clientPort) {
                throw new IllegalArgumentException("servers entry " + serverId + " (this server, serverId " + serverId
                        + ") names client port " + self.clientPort() + " but clientPort is " + clientPort);
            }
        }
    }

    /**
     * Whether this server runs alone. A one-entry {@code servers} list is standalone too, as ZooKeeper
     * itself treats a quorum of one.
     */
    public boolean standalone() {
        return members.size() < 2;
    }

    /** This server's entry in {@code servers}; empty when the list is. */
    public Optional<Member> self() {
        return members.isEmpty() ? Optional.empty() : Optional.of(members.get(serverId - 1));
    }

    /**
     * The properties ZooKeeper's {@code QuorumPeerConfig.parseProperties} reads for this server.
     *
     * <p>{@code admin.enableServer}, {@code 4lw.commands.whitelist} and {@code jmx.log4j.disable} are not QuorumPeerConfig fields:
     * it sets them as the JVM-wide system properties {@code zookeeper.admin.enableServer} and
     * {@code zookeeper.4lw.commands.whitelist}, which is the only way ZooKeeper reads them. That is
     * acceptable because both concern only a server (ZooKeeper clients such as Curator ignore them), a
     * Karaf runs one embedded server, and every server of this bundle sets the same values.
     */
    static final int MAX_SESSION_TIMEOUT_MS = 60_000;

    public Properties quorumProperties() {
        Properties properties = new Properties();
        properties.setProperty("dataDir", dataDir.toString());
        properties.setProperty("clientPort", Integer.toString(clientPort));
        if (!clientAddress.isEmpty()) {
            properties.setProperty("clientPortAddress", clientAddress);
        }
        properties.setProperty("tickTime", Integer.toString(tickTime));
        properties.setProperty("initLimit", Integer.toString(initLimit));
        properties.setProperty("syncLimit", Integer.toString(syncLimit));
        // ZooKeeper caps sessions at 20 ticks; a short tick must not cap Plinth's session timeout.
        properties.setProperty("maxSessionTimeout", Integer.toString(Math.max(20 * tickTime, MAX_SESSION_TIMEOUT_MS)));
        properties.setProperty("autopurge.snapRetainCount", Integer.toString(SNAPSHOTS_KEPT));
        properties.setProperty("autopurge.purgeInterval", Integer.toString(purgeIntervalHours));
        // The AdminServer needs Jetty and Jackson inside the ZooKeeper bundle, and would take port 8080,
        // which is Plinth's HTTP port.
        properties.setProperty("admin.enableServer", "false");
        properties.setProperty("4lw.commands.whitelist", FOUR_LETTER_WORDS);
        // A quorum peer otherwise registers log4j's JMX beans through the log4j 1 API, which inside
        // Karaf reaches pax-logging and silences the node's log.
        properties.setProperty("jmx.log4j.disable", "true");
        if (!standalone()) {
            for (Member member : members) {
                properties.setProperty("server." + member.id(), member.quorumSpec());
            }
        }
        return properties;
    }

    /**
     * Where the status asks each member, in id order. A standalone server is asked on this host (the
     * loopback address when it listens on all addresses) and shown under {@code hostname}.
     */
    public List<ProbeTarget> statusTargets() {
        if (members.isEmpty()) {
            String shown = hostname.isEmpty() ? LOOPBACK : hostname;
            return List.of(new ProbeTarget(shown, listensEverywhere() ? LOOPBACK : clientAddress, clientPort));
        }
        return members.stream()
                .map(member -> new ProbeTarget(member.host(), member.host(), member.clientPort()))
                .collect(Collectors.toUnmodifiableList());
    }

    /** {@code address:port} clients reach this server on, for logs. */
    public String clientEndpoint() {
        return (listensEverywhere() ? "*" : clientAddress) + ":" + clientPort;
    }

    private boolean listensEverywhere() {
        return clientAddress.isEmpty() || clientAddress.equals("0.0.0.0") || clientAddress.equals("::")
                || clientAddress.equals("[::]");
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            String range = max == Integer.MAX_VALUE ? min + " or more" : min + "-" + max;
            throw new IllegalArgumentException(name + " must be " + range + ", was " + value);
        }
    }
}

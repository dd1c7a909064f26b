package io.plinth.zookeeper.impl;

import io.plinth.zookeeper.ensemble.Member;
import io.plinth.zookeeper.ensemble.ZooKeeperSettings;
import java.nio.file.Path;

/** Reads {@link ZooKeeperSettings} from the OSGi configuration. */
final class Settings {

    private Settings() {
    }

    /**
     * @param karafData the {@code karaf.data} framework property; may be null when {@code dataDir} is set
     * @throws IllegalArgumentException naming the configuration key at fault
     */
    static ZooKeeperSettings from(ZooKeeperConfig config, String karafData) {
        return new ZooKeeperSettings(
                config.clientAddress(),
                config.clientPort(),
                Member.parseList(config.servers(), config.clientPort()),
                config.serverId(),
                dataDir(config.dataDir(), karafData),
                config.tickTime(),
                config.initLimit(),
                config.syncLimit(),
                config.purgeIntervalHours(),
                config.hostname());
    }

    private static Path dataDir(String configured, String karafData) {
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.trim()).toAbsolutePath();
        }
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalArgumentException("dataDir is empty and the karaf.data property is not set");
        }
        return Path.of(karafData, "zookeeper").toAbsolutePath();
    }
}

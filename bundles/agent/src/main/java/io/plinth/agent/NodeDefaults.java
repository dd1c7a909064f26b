package io.plinth.agent;

import java.nio.file.Path;
import java.util.function.Function;

/**
 * Fills configuration values left empty from the node's settings, the framework properties of
 * {@code etc/custom.system.properties} ({@code plinth.advertise.ip}, {@code plinth.hostname},
 * {@code plinth.http.port}, {@code plinth.work.dir}), so one variable moves a setting everywhere.
 */
final class NodeDefaults {

    static final String FALLBACK_IP = "127.0.0.1";
    /** Mesos' agent port, announced when neither the agent nor the node names a port. */
    static final int FALLBACK_PORT = 5051;

    private final Function<String, String> properties;

    /** @param properties looks up a framework property, null when unset */
    NodeDefaults(Function<String, String> properties) {
        this.properties = properties;
    }

    String advertiseIp(String configured) {
        return firstNonBlank(configured, properties.apply("plinth.advertise.ip"), FALLBACK_IP);
    }

    /** The configured host name, else the node's, else the advertised address. */
    String hostname(String configured, String advertiseIp) {
        return firstNonBlank(configured, properties.apply("plinth.hostname"), advertiseIp);
    }

    int port(int configured) {
        if (configured > 0) {
            return configured;
        }
        String node = properties.apply("plinth.http.port");
        if (node != null && !node.isBlank()) {
            try {
                return Integer.parseInt(node.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("plinth.http.port '" + node + "' is not a port", e);
            }
        }
        return FALLBACK_PORT;
    }

    /** The configured directory, else {@code plinth.work.dir}, else {@code <karaf.data>/plinth}. */
    Path workDir(String configured) {
        String dir = firstNonBlank(configured, properties.apply("plinth.work.dir"), null);
        if (dir != null) {
            return Path.of(dir);
        }
        String karafData = properties.apply("karaf.data");
        if (karafData == null || karafData.isBlank()) {
            throw new IllegalArgumentException("workDir is empty and neither plinth.work.dir nor karaf.data is set");
        }
        return Path.of(karafData, "plinth");
    }

    private static String firstNonBlank(String first, String second, String otherwise) {
        if (first != null && !first.isBlank()) {
            return first.strip();
        }
        if (second != null && !second.isBlank()) {
            return second.strip();
        }
        return otherwise;
    }
}

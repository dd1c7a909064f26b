package io.plinth.master.operator.rest;

import io.plinth.master.operator.state.BuildInfo;
import java.util.Optional;
import org.osgi.framework.Bundle;

/** What the components derive from their configuration and their bundle. */
final class OperatorSettings {

    private OperatorSettings() {
    }

    static Optional<String> cluster(OperatorConfig config) {
        String cluster = config.cluster() == null ? "" : config.cluster().trim();
        return cluster.isEmpty() ? Optional.empty() : Optional.of(cluster);
    }

    /** This bundle's build: its version, bnd's build timestamp and the Built-By header. */
    static BuildInfo build(Bundle bundle) {
        double buildTime = 0;
        String lastModified = bundle.getHeaders().get("Bnd-LastModified");
        if (lastModified != null) {
            try {
                buildTime = Long.parseLong(lastModified.trim()) / 1000.0;
            } catch (NumberFormatException e) {
                // an unreadable header is the same as none
            }
        }
        String builtBy = bundle.getHeaders().get("Built-By");
        return new BuildInfo(bundle.getVersion().toString(), buildTime, builtBy == null ? "" : builtBy);
    }
}

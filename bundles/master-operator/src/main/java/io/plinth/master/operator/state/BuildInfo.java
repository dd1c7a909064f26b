package io.plinth.master.operator.state;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.VersionInfo;

/**
 * What Mesos reports about its build ({@code version}, {@code build_date}, {@code build_time},
 * {@code build_user} in {@code /master/state}; {@code VersionInfo} in GET_VERSION). Plinth reports the
 * operator bundle's build.
 *
 * @param version   the version to report when the master's own {@code MasterInfo} carries none
 * @param buildTime epoch seconds of the build, 0 when unknown
 * @param buildUser who built it, empty when unknown
 */
public record BuildInfo(String version, double buildTime, String buildUser) {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    public BuildInfo {
        Objects.requireNonNull(version, "version");
        buildUser = buildUser == null ? "" : buildUser;
    }

    /** Mesos' {@code build_date}: the build time as {@code yyyy-MM-dd HH:mm:ss} (UTC). */
    public String buildDate() {
        return DATE.format(Instant.ofEpochMilli((long) (buildTime * 1000)));
    }

    /** The version a master reports: its own {@code MasterInfo.version} if set, else this build's. */
    public String versionOf(MasterInfo master) {
        return master.hasVersion() && !master.getVersion().isEmpty() ? master.getVersion() : version;
    }

    /** GET_VERSION's answer for {@code master}. */
    public VersionInfo toVersionInfo(MasterInfo master) {
        return VersionInfo.newBuilder()
                .setVersion(versionOf(master))
                .setBuildDate(buildDate())
                .setBuildTime(buildTime)
                .setBuildUser(buildUser)
                .build();
    }
}

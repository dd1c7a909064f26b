package io.plinth.marathon.runtime;

import java.util.List;

/**
 * What the leading scheduler needs from the configuration.
 *
 * @param role                 the role the framework subscribes with
 * @param defaultAcceptedRoles resource roles an app without {@code acceptedResourceRoles} accepts
 * @param user                 user of the framework (and of tasks whose app names none)
 * @param webuiUrl             this node's API, announced in the FrameworkInfo
 */
public record LeaderSettings(String frameworkName, String role, List<String> defaultAcceptedRoles, String user,
                             double failoverTimeoutSeconds, int maxVersions, int servicePortsFrom, int servicePortsTo,
                             String webuiUrl) {

    public LeaderSettings {
        defaultAcceptedRoles = List.copyOf(defaultAcceptedRoles);
    }
}

package io.plinth.node;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The roles a node can play and the Karaf feature that makes each one. Pure: parses the role list
 * that {@code PLINTH_ROLE} holds and says which features to install and which to remove.
 */
final class NodeRoles {

    /** Role name to feature. {@code none} installs nothing. */
    static final Map<String, String> FEATURES = Map.of(
            "all-in-one", "plinth-all-in-one",
            "master", "plinth-master",
            "resource-manager", "plinth-resource-manager",
            "agent", "plinth-agent",
            "agent-public", "plinth-agent-public",
            "zookeeper", "plinth-zookeeper");

    private static final String NONE = "none";

    private NodeRoles() {
    }

    /**
     * The features for a comma-separated role list such as {@code zookeeper,master}.
     *
     * @throws IllegalArgumentException naming the unknown role and the valid ones
     */
    static Set<String> featuresFor(String roleList) {
        Set<String> features = new LinkedHashSet<>();
        for (String role : roleList.split(",")) {
            String name = role.trim().toLowerCase(java.util.Locale.ROOT);
            if (name.isEmpty() || name.equals(NONE)) {
                continue;
            }
            String feature = FEATURES.get(name);
            if (feature == null) {
                throw new IllegalArgumentException("Unknown node role '" + role.trim() + "' in '" + roleList
                        + "'; valid roles: " + validRoles());
            }
            features.add(feature);
        }
        return features;
    }

    /** The role features among {@code provisioned} that {@code wanted} no longer contains. */
    static Set<String> toRemove(Set<String> provisioned, Set<String> wanted) {
        return provisioned.stream()
                .filter(FEATURES::containsValue)
                .filter(feature -> !wanted.contains(feature))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    static String validRoles() {
        return String.join(", ", Arrays.asList("all-in-one", "master", "resource-manager", "agent", "agent-public", "zookeeper",
                NONE));
    }
}

package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How a restart replaces an app's tasks: at least {@code ceil(instances * minimumHealthCapacity)}
 * healthy tasks stay up, at most {@code instances + floor(instances * maximumOverCapacity)} run at
 * once. Both are in [0, 1].
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpgradeStrategy(double minimumHealthCapacity, double maximumOverCapacity) {

    public static final UpgradeStrategy DEFAULT = new UpgradeStrategy(1.0, 1.0);
}

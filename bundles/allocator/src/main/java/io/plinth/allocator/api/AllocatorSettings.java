package io.plinth.allocator.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an allocator behaves.
 *
 * @param allocationInterval  how often its owner should run {@link Allocator#allocate()} (Mesos'
 *                            {@code --allocation_interval}, 1 s); the allocator keeps no timer itself
 * @param minAllocatableCpus  an offer holds at least this many cpus ...
 * @param minAllocatableMemMb ... or at least this much memory (MB); smaller leftovers are not offered
 * @param weights             initial role weights; roles not named weigh 1.0
 */
public record AllocatorSettings(Duration allocationInterval, double minAllocatableCpus, double minAllocatableMemMb,
                                Map<String, Double> weights) {

    public AllocatorSettings {
        Objects.requireNonNull(allocationInterval, "allocationInterval");
        if (allocationInterval.isNegative() || allocationInterval.isZero()) {
            throw new IllegalArgumentException("allocationInterval must be positive");
        }
        if (!(minAllocatableCpus >= 0) || !(minAllocatableMemMb >= 0)) {
            throw new IllegalArgumentException("minimum allocatable resources must be non-negative");
        }
        weights = Map.copyOf(weights);
        weights.forEach(AllocatorSettings::requireWeight);
    }

    /** Mesos' defaults: a cycle per second, offers of at least 0.01 cpus or 32 MB, all weights 1. */
    public static AllocatorSettings defaults() {
        return new AllocatorSettings(Duration.ofSeconds(1), 0.01, 32, Map.of());
    }

    public AllocatorSettings withWeights(Map<String, Double> newWeights) {
        return new AllocatorSettings(allocationInterval, minAllocatableCpus, minAllocatableMemMb, newWeights);
    }

    /** The weight of a role. */
    public double weight(String role) {
        return weights.getOrDefault(role, 1.0);
    }

    /** @throws IllegalArgumentException unless the weight is positive and finite */
    public static void requireWeight(String role, Double weight) {
        Objects.requireNonNull(role, "role");
        if (weight == null || !(weight > 0) || weight.isInfinite()) {
            throw new IllegalArgumentException("weight of role '" + role + "' must be positive, was " + weight);
        }
    }
}

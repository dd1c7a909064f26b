package io.plinth.allocator.api;

import io.plinth.allocator.drf.DrfAllocator;
import java.time.Clock;

/**
 * The built-in allocators. A static entry point rather than a service because an allocator is a
 * plain object owned by one master thread, not shared; the implementation package stays private
 * to this bundle.
 */
public final class Allocators {

    private Allocators() {
    }

    /** Mesos' hierarchical allocator: weighted DRF over roles, then DRF over each role's frameworks. */
    public static Allocator drf(Clock clock, AllocatorSettings settings, OfferCallback callback) {
        return new DrfAllocator(clock, settings, callback);
    }

    /** {@link #drf(Clock, AllocatorSettings, OfferCallback)} as a factory. */
    public static AllocatorFactory drf() {
        return Allocators::drf;
    }
}

package io.plinth.allocator.api;

import java.time.Clock;

/** Makes allocators; {@link Allocators#drf()} is the built-in one. */
@FunctionalInterface
public interface AllocatorFactory {

    /**
     * @param clock    the time source for decline filters
     * @param settings intervals, minimum offer, weights
     * @param callback where the offers of each cycle go
     */
    Allocator create(Clock clock, AllocatorSettings settings, OfferCallback callback);
}

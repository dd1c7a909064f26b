package io.plinth.allocator.api;

import io.plinth.mesos.api.resources.Resources;
import java.util.Map;

/**
 * Receives a cycle's offers, once per framework that gets any. Called on the allocator's thread
 * from {@link Allocator#allocate()}; the maps are immutable.
 */
@FunctionalInterface
public interface OfferCallback {

    /**
     * @param offered per role, per agent id, the resources offered for that role (unreserved ones
     *                and those reserved to that role)
     */
    void offers(String frameworkId, Map<String, Map<String, Resources>> offered);
}

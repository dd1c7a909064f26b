package io.plinth.allocator.drf;

import io.plinth.allocator.api.FrameworkProfile;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A framework as the allocator tracks it. Mutable; owned by {@link DrfAllocator}. */
final class Framework {

    final String id;
    FrameworkProfile profile;
    boolean active;
    final Set<String> suppressed = new HashSet<>();
    /** Counted among the frameworks that may be offered resources (see DrfAllocator#updateOfferable). */
    boolean offerable;
    /** Decline filters: agent id to the instant offers from it may resume. */
    final Map<String, Instant> filters = new HashMap<>();
    /** Per role name: the roles it subscribes to and those it still holds resources for. */
    final Map<String, FrameworkRole> roles = new TreeMap<>();

    Framework(String id, FrameworkProfile profile, boolean active) {
        this.id = id;
        this.profile = profile;
        this.active = active;
    }
}

package io.plinth.allocator.drf;

import io.plinth.mesos.api.resources.Resource;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/** An agent as the allocator tracks it. Mutable; owned by {@link DrfAllocator}. */
final class Agent {

    final String id;
    final String hostname;
    Resources total;
    /** Everything allocated here, including what belongs to frameworks not (yet) added. */
    Resources allocated;
    long[] totalVector;
    boolean active = true;
    /** How many frameworks that may be offered resources have a decline filter for this agent. */
    int blockedBy;
    /** Framework-roles that hold something here. */
    final Set<FrameworkRole> holders = new LinkedHashSet<>();

    private final Predicate<Resources> offerable;
    // derived from total - allocated and recomputed lazily: an agent typically changes once per
    // cycle (when it is offered) and a cycle reads it once
    private boolean fresh;
    private Resources available;
    private boolean unreservedOfferable;
    private List<String> reservedRoles;

    Agent(String id, String hostname, Resources total, Resources allocated, Predicate<Resources> offerable) {
        this.id = id;
        this.hostname = hostname;
        this.total = total;
        this.allocated = allocated;
        this.totalVector = Shares.vector(total);
        this.offerable = offerable;
    }

    /** To be called whenever total or allocated changed. */
    void changed() {
        fresh = false;
    }

    Resources available() {
        refresh();
        return available;
    }

    /** Whether the unreserved part of what is available is worth an offer by itself. */
    boolean unreservedOfferable() {
        refresh();
        return unreservedOfferable;
    }

    /** Roles that hold reservations among what is available; valid until the next change. */
    List<String> reservedRoles() {
        refresh();
        return reservedRoles;
    }

    private void refresh() {
        if (fresh) {
            return;
        }
        available = total.minus(allocated);
        List<String> roles = List.of();
        for (Resource r : available) {
            if (r.isReserved() && !roles.contains(r.role())) {
                if (roles.isEmpty()) {
                    roles = new ArrayList<>(2);
                }
                roles.add(r.role());
            }
        }
        reservedRoles = roles;
        unreservedOfferable = offerable.test(available.unreserved());
        fresh = true;
    }
}

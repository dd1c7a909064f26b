package io.plinth.allocator.drf;

import io.plinth.mesos.api.resources.Resources;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A framework's membership in one role: what it holds for that role, per agent. The unit that is
 * ordered within a role and that receives offers.
 */
final class FrameworkRole {

    static final Comparator<FrameworkRole> ORDER =
            Comparator.comparingDouble((FrameworkRole f) -> f.key).thenComparing(f -> f.framework.id);

    final Framework framework;
    final Role role;
    final Map<Agent, Resources> byAgent = new LinkedHashMap<>();
    final long[] allocated = new long[Shares.DIMENSIONS];
    /** Dominant share as of the last re-keying; only changed while out of the role's queue. */
    double key;
    boolean queued;

    FrameworkRole(Framework framework, Role role) {
        this.framework = framework;
        this.role = role;
    }

    /** Offers may go to it now: connected, subscribed to the role, not suppressed for it. */
    boolean offerable() {
        return framework.active && framework.profile.roles().contains(role.name)
                && !framework.suppressed.contains(role.name);
    }

    @Override
    public String toString() {
        return framework.id + "/" + role.name;
    }
}

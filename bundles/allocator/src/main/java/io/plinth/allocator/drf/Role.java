package io.plinth.allocator.drf;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/** A role as the allocator tracks it. Mutable; owned by {@link DrfAllocator}. */
final class Role {

    /** Lowest weighted share first; the name breaks ties so that the order is total and repeatable. */
    static final Comparator<Role> ORDER = Comparator.comparingDouble((Role r) -> r.key).thenComparing(r -> r.name);

    final String name;
    /** Sum of the members' allocations for this role, cpus/mem/disk/gpus in thousandths. */
    final long[] allocated = new long[Shares.DIMENSIONS];
    /** Dominant share divided by weight, as of the last re-keying; only changed while out of the queue. */
    double key;
    /** Members that may be offered resources now (active, subscribed, not suppressed), in DRF order. */
    final TreeSet<FrameworkRole> queue = new TreeSet<>(FrameworkRole.ORDER);
    /** All members: subscribed frameworks and those that still hold resources for this role. */
    final Set<FrameworkRole> members = new LinkedHashSet<>();

    Role(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}

package io.plinth.mesos.api.resources;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One named amount of a resource held for one role: {@code cpus:2}, {@code cpus(slave_public):2},
 * {@code ports:[31000-32000]}, {@code zones:{a,b}}.
 *
 * <p>Role {@value #UNRESERVED} means unreserved (any role may be offered it); any other role is a
 * static reservation to that role. Only the field that matches {@link #type()} carries a value:
 * {@link #scalar()} is rounded to three decimals as Mesos' fixed point does, {@link #ranges()} is
 * coalesced (sorted, merged), {@link #items()} is sorted; the others are 0 or empty. A value may be
 * empty (0, no ranges, no items); {@link Resources} drops such entries.
 *
 * @param name   the resource's name; unknown names are allowed
 * @param role   {@value #UNRESERVED} or the role the resource is reserved to
 * @param type   which of the value fields holds the amount
 * @param scalar the amount of a {@link ResourceType#SCALAR}, non-negative
 * @param ranges the ranges of a {@link ResourceType#RANGES}
 * @param items  the items of a {@link ResourceType#SET}
 */
public record Resource(String name, String role, ResourceType type, double scalar, List<Range> ranges,
                       SortedSet<String> items) {

    /** The role of unreserved resources. */
    public static final String UNRESERVED = "*";

    public Resource {
        Syntax.requireName("resource name", name);
        Syntax.requireRole(role);
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(ranges, "ranges");
        Objects.requireNonNull(items, "items");
        if (type != ResourceType.SCALAR && scalar != 0) {
            throw new IllegalArgumentException(name + " is a " + type + " but has a scalar value");
        }
        if (type != ResourceType.RANGES && !ranges.isEmpty()) {
            throw new IllegalArgumentException(name + " is a " + type + " but has ranges");
        }
        if (type != ResourceType.SET && !items.isEmpty()) {
            throw new IllegalArgumentException(name + " is a " + type + " but has items");
        }
        if (!Double.isFinite(scalar) || scalar < 0) {
            throw new IllegalArgumentException(name + " has the invalid amount " + scalar);
        }
        scalar = Syntax.round(scalar);
        // List.copyOf returns lists of the List.of family as they are: values built by this
        // package are not copied again (the allocator builds many)
        ranges = List.copyOf(ranges);
        if (!Range.isCoalesced(ranges)) {
            ranges = Range.coalesce(ranges);
        }
        if (items.isEmpty()) {
            items = Collections.emptySortedSet();
        } else {
            for (String item : items) {
                Syntax.requireName("item of " + name, item);
            }
            items = Collections.unmodifiableSortedSet(new TreeSet<>(items));
        }
    }

    /** An amount of {@code name}, e.g. {@code ofScalar("cpus", "*", 2)}. */
    public static Resource ofScalar(String name, String role, double amount) {
        return new Resource(name, role, ResourceType.SCALAR, amount, List.of(), Collections.emptySortedSet());
    }

    /** Ranges of {@code name}, e.g. {@code ofRanges("ports", "*", List.of(new Range(31000, 32000)))}. */
    public static Resource ofRanges(String name, String role, Collection<Range> ranges) {
        return new Resource(name, role, ResourceType.RANGES, 0, Range.coalesce(ranges), Collections.emptySortedSet());
    }

    /** Items of {@code name}, e.g. {@code ofSet("zones", "*", Set.of("a", "b"))}. */
    public static Resource ofSet(String name, String role, Collection<String> items) {
        return new Resource(name, role, ResourceType.SET, 0, List.of(), new TreeSet<>(items));
    }

    /** True when the amount is zero: no scalar, no ranges, no items. */
    public boolean isEmpty() {
        return switch (type) {
            case SCALAR -> scalar == 0;
            case RANGES -> ranges.isEmpty();
            case SET -> items.isEmpty();
        };
    }

    /** True when reserved to a role, false when unreserved. */
    public boolean isReserved() {
        return !UNRESERVED.equals(role);
    }

    /** The same amount for another role. */
    public Resource withRole(String newRole) {
        return new Resource(name, newRole, type, scalar, ranges, items);
    }

    /** The value in Mesos' text syntax: {@code 2.5}, {@code [1-2,5-9]}, {@code {a,b}}. */
    public String valueText() {
        return switch (type) {
            case SCALAR -> Syntax.formatScalar(scalar);
            case RANGES -> Syntax.formatRanges(ranges, ",");
            case SET -> Syntax.formatItems(items, ",");
        };
    }

    /** {@code name:value} or {@code name(role):value}, one entry of {@link Resources#parse}. */
    @Override
    public String toString() {
        return isReserved() ? name + "(" + role + "):" + valueText() : name + ":" + valueText();
    }
}

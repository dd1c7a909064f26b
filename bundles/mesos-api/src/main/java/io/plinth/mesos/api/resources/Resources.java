package io.plinth.mesos.api.resources;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos;

/**
 * An immutable, normalised collection of {@link Resource}s, with Mesos' arithmetic and text syntax.
 *
 * <p>Normal form: one entry per name and role (amounts of the same name and role are added up),
 * ranges coalesced, scalars rounded to three decimals, empty amounts dropped; entries in a fixed
 * order (cpus, mem, disk, gpus, ports, then other names alphabetically; per name unreserved first,
 * then roles alphabetically). So two collections that hold the same amounts are {@link #equals}
 * and print the same {@link #toString()}.
 *
 * <p>Text syntax ({@link #parse(String)}): entries separated by {@code ;}, each
 * {@code name[(role)]:value} where value is a number, {@code [begin-end,...]} or
 * {@code {item,...}}. Example: {@code cpus:2;mem:1024;ports:[31000-32000];cpus(slave_public):2}.
 *
 * <p>One name has one {@link ResourceType} within a collection; adding amounts of different
 * types under one name and role is an error.
 */
public final class Resources implements Iterable<Resource> {

    private static final Resources EMPTY = new Resources(new Resource[0]);
    private static final List<String> WELL_KNOWN = List.of("cpus", "mem", "disk", "gpus", "ports");
    /** The names /master/state always shows, in its order. */
    private static final List<String> STATE_SCALARS = List.of("cpus", "mem", "disk", "gpus");

    /** Normalised: sorted by {@link #compareKeys}, unique keys, no empty amounts. */
    private final Resource[] entries;
    private int hash;

    private Resources(Resource[] entries) {
        this.entries = entries;
    }

    public static Resources empty() {
        return EMPTY;
    }

    public static Resources of(Resource... resources) {
        return of(Arrays.asList(resources));
    }

    /** The sum of the given amounts, normalised. */
    public static Resources of(Collection<Resource> resources) {
        TreeMap<Resource, Resource> merged = new TreeMap<>(Resources::compareKeys);
        for (Resource r : resources) {
            Objects.requireNonNull(r, "resource");
            merged.merge(r, r, Resources::add);
        }
        return fromSorted(merged.values());
    }

    /** Parses Mesos' text syntax; entries without a role are unreserved. */
    public static Resources parse(String text) {
        return parse(text, Resource.UNRESERVED);
    }

    /**
     * Parses Mesos' text syntax, e.g.
     * {@code cpus:2;mem:1024;disk:4096;ports:[31000-32000,33000-33010];cpus(slave_public):2;zones:{a,b}}.
     * Entries without {@code (role)} get {@code defaultRole} (Mesos' {@code --default_role}); an entry
     * may repeat a name and role, the amounts are added. Whitespace around entries is ignored, and
     * so is an empty entry ({@code cpus:1;}).
     *
     * @throws IllegalArgumentException naming the offending entry, e.g.
     *                                  {@code bad resource entry 'ports:[5-1]': range begin 5 is greater than end 1}
     */
    public static Resources parse(String text, String defaultRole) {
        Objects.requireNonNull(text, "text");
        try {
            Syntax.requireRole(defaultRole);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad default role: " + e.getMessage(), e);
        }
        TreeMap<Resource, Resource> merged = new TreeMap<>(Resources::compareKeys);
        for (String part : text.split(";", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            try {
                Resource r = parseEntry(entry, defaultRole);
                merged.merge(r, r, Resources::add);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad resource entry '" + entry + "': " + e.getMessage(), e);
            }
        }
        return fromSorted(merged.values());
    }

    private static Resource parseEntry(String entry, String defaultRole) {
        int colon = entry.indexOf(':');
        if (colon < 0 || entry.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("expected name:value or name(role):value");
        }
        String head = entry.substring(0, colon).strip();
        String value = entry.substring(colon + 1).strip();
        String name = head;
        String role = defaultRole;
        int open = head.indexOf('(');
        if (open >= 0 || head.indexOf(')') >= 0) {
            if (open <= 0 || !head.endsWith(")") || head.indexOf('(', open + 1) >= 0
                    || head.indexOf(')') != head.length() - 1) {
                throw new IllegalArgumentException("expected name(role) before ':'");
            }
            name = head.substring(0, open).strip();
            role = head.substring(open + 1, head.length() - 1).strip();
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("missing value");
        }
        char first = value.charAt(0);
        char last = value.charAt(value.length() - 1);
        if (first == '[' || last == ']') {
            if (first != '[' || last != ']') {
                throw new IllegalArgumentException("unbalanced brackets in " + value);
            }
            return Resource.ofRanges(name, role, Syntax.parseRanges(value));
        }
        if (first == '{' || last == '}') {
            if (first != '{' || last != '}') {
                throw new IllegalArgumentException("unbalanced braces in " + value);
            }
            return Resource.ofSet(name, role, Syntax.parseItems(value));
        }
        return Resource.ofScalar(name, role, Syntax.parseScalar(value));
    }

    /**
     * Reads Mesos v1 protobuf resources. The reservation is taken from the refined format (the last,
     * most refined entry of {@code reservations}) when present, else from the legacy {@code role}
     * field ({@code *} or absent: unreserved). Dynamic reservations are read as reservations to
     * their role: this model keeps no principal or labels. {@code allocation_info} is ignored (it
     * says which role an offer was made for, not who owns the resource).
     *
     * @throws IllegalArgumentException for kinds this model does not hold (TEXT values, revocable,
     *                                  shared or persistent/mounted disk resources) and invalid values,
     *                                  naming the resource
     */
    @SuppressWarnings("deprecation") // the legacy role field is what pre-refinement peers send
    public static Resources fromProto(Iterable<Protos.Resource> resources) {
        List<Resource> out = new ArrayList<>();
        for (Protos.Resource p : resources) {
            try {
                if (p.hasRevocable() || p.hasShared() || p.hasDisk() || p.hasProviderId()) {
                    throw new IllegalArgumentException(
                            "revocable, shared, provider and disk-info resources are not supported");
                }
                String role;
                if (p.getReservationsCount() > 0) {
                    role = p.getReservations(p.getReservationsCount() - 1).getRole();
                } else {
                    role = p.hasRole() && !p.getRole().isEmpty() ? p.getRole() : Resource.UNRESERVED;
                }
                out.add(switch (p.getType()) {
                    case SCALAR -> Resource.ofScalar(p.getName(), role, p.getScalar().getValue());
                    case RANGES -> Resource.ofRanges(p.getName(), role, p.getRanges().getRangeList().stream()
                            .map(r -> new Range(r.getBegin(), r.getEnd())).toList());
                    case SET -> Resource.ofSet(p.getName(), role, p.getSet().getItemList());
                    default -> throw new IllegalArgumentException("type " + p.getType() + " is not a resource type");
                });
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad resource '" + p.getName() + "': " + e.getMessage(), e);
            }
        }
        return of(out);
    }

    /**
     * These resources as Mesos v1 protobuf resources.
     *
     * @param allocationRole      when not null, each resource carries {@code allocation_info.role}
     *                            (resources in offers and in tasks of MULTI_ROLE frameworks do)
     * @param refinedReservations true: reserved resources carry {@code reservations:[{type: STATIC,
     *                            role}]} and no {@code role} field (frameworks with RESERVATION_REFINEMENT
     *                            and Mesos ≥ 1.4 internals); false: the legacy {@code role} field, "*" or the role
     */
    @SuppressWarnings("deprecation") // the legacy role field is what pre-refinement peers expect
    public List<Protos.Resource> toProto(String allocationRole, boolean refinedReservations) {
        List<Protos.Resource> out = new ArrayList<>(entries.length);
        for (Resource r : entries) {
            Protos.Resource.Builder b = Protos.Resource.newBuilder().setName(r.name());
            switch (r.type()) {
                case SCALAR -> b.setType(Protos.Value.Type.SCALAR)
                        .setScalar(Protos.Value.Scalar.newBuilder().setValue(r.scalar()));
                case RANGES -> {
                    Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
                    for (Range range : r.ranges()) {
                        ranges.addRange(Protos.Value.Range.newBuilder().setBegin(range.begin()).setEnd(range.end()));
                    }
                    b.setType(Protos.Value.Type.RANGES).setRanges(ranges);
                }
                case SET -> b.setType(Protos.Value.Type.SET)
                        .setSet(Protos.Value.Set.newBuilder().addAllItem(r.items()));
            }
            if (!refinedReservations) {
                b.setRole(r.role());
            } else if (r.isReserved()) {
                b.addReservations(Protos.Resource.ReservationInfo.newBuilder()
                        .setType(Protos.Resource.ReservationInfo.Type.STATIC).setRole(r.role()));
            }
            if (allocationRole != null) {
                b.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(allocationRole));
            }
            out.add(b.build());
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The JSON object Mesos' {@code /master/state} shows for resources: per name the total over all
     * roles, scalars as doubles, ranges and sets as Mesos prints them ({@code "[31000-32000, 33000-33010]"},
     * {@code "{a, b}"}); cpus, mem, disk and gpus always present. Insertion-ordered, unmodifiable.
     */
    public Map<String, Object> toStateJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        for (String name : STATE_SCALARS) {
            json.put(name, 0.0);
        }
        for (Resource r : entries) {
            switch (r.type()) {
                case SCALAR -> json.merge(r.name(), r.scalar(),
                        (a, b) -> Syntax.round(((Number) a).doubleValue() + (Double) b));
                case RANGES -> json.put(r.name(), Syntax.formatRanges(ranges(r.name()), ", "));
                case SET -> json.put(r.name(), Syntax.formatItems(items(r.name()), ", "));
            }
        }
        return Collections.unmodifiableMap(json);
    }

    /** The sum of both. @throws IllegalArgumentException if one name and role has two types */
    public Resources plus(Resources other) {
        if (other.entries.length == 0) {
            return this;
        }
        if (entries.length == 0) {
            return other;
        }
        Resource[] a = entries;
        Resource[] b = other.entries;
        Resource[] out = new Resource[a.length + b.length];
        int i = 0;
        int j = 0;
        int k = 0;
        while (i < a.length && j < b.length) {
            int c = compareKeys(a[i], b[j]);
            if (c < 0) {
                out[k++] = a[i++];
            } else if (c > 0) {
                out[k++] = b[j++];
            } else {
                out[k++] = add(a[i++], b[j++]);
            }
        }
        while (i < a.length) {
            out[k++] = a[i++];
        }
        while (j < b.length) {
            out[k++] = b[j++];
        }
        return new Resources(k == out.length ? out : Arrays.copyOf(out, k));
    }

    /**
     * What remains when {@code other} is taken away.
     *
     * @throws IllegalArgumentException if these resources do not {@link #contains} {@code other}
     */
    public Resources minus(Resources other) {
        if (other.entries.length == 0) {
            return this;
        }
        if (!contains(other)) {
            throw new IllegalArgumentException(this + " does not contain " + other);
        }
        Resource[] a = entries;
        Resource[] b = other.entries;
        Resource[] out = new Resource[a.length];
        int j = 0;
        int k = 0;
        for (Resource r : a) {
            if (j < b.length && compareKeys(r, b[j]) == 0) {
                Resource rest = subtract(r, b[j++]);
                if (!rest.isEmpty()) {
                    out[k++] = rest;
                }
            } else {
                out[k++] = r;
            }
        }
        return k == 0 ? EMPTY : new Resources(k == out.length ? out : Arrays.copyOf(out, k));
    }

    /** True if every amount of {@code other} is here, for the same role. */
    public boolean contains(Resources other) {
        Resource[] a = entries;
        int i = 0;
        for (Resource r : other.entries) {
            while (i < a.length && compareKeys(a[i], r) < 0) {
                i++;
            }
            if (i == a.length || compareKeys(a[i], r) != 0 || !covers(a[i], r)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEmpty() {
        return entries.length == 0;
    }

    /** The number of entries (distinct name and role). */
    public int size() {
        return entries.length;
    }

    /** The amount of a scalar resource over all roles; 0 when absent or not a scalar. */
    public double scalar(String name) {
        double sum = 0;
        for (Resource r : entries) {
            if (r.type() == ResourceType.SCALAR && r.name().equals(name)) {
                sum += r.scalar();
            }
        }
        return Syntax.round(sum);
    }

    /** The ranges of a resource over all roles, coalesced; empty when absent or not ranges. */
    public List<Range> ranges(String name) {
        List<Range> all = List.of();
        for (Resource r : entries) {
            if (r.type() == ResourceType.RANGES && r.name().equals(name)) {
                all = Range.union(all, r.ranges());
            }
        }
        return all;
    }

    /** The items of a set resource over all roles; empty when absent or not a set. */
    public SortedSet<String> items(String name) {
        TreeSet<String> all = new TreeSet<>();
        for (Resource r : entries) {
            if (r.type() == ResourceType.SET && r.name().equals(name)) {
                all.addAll(r.items());
            }
        }
        return Collections.unmodifiableSortedSet(all);
    }

    /** The entries reserved to {@code role} ({@code "*"}: the unreserved ones). */
    public Resources reservedTo(String role) {
        return filter(r -> r.role().equals(role));
    }

    /** The entries no role holds a reservation for. */
    public Resources unreserved() {
        return reservedTo(Resource.UNRESERVED);
    }

    /** What may be offered to a framework for {@code role}: unreserved plus reserved to that role. */
    public Resources allocatableTo(String role) {
        return filter(r -> !r.isReserved() || r.role().equals(role));
    }

    /** The entries that match. */
    public Resources filter(Predicate<Resource> predicate) {
        // the allocator filters every agent's free resources each cycle, and usually all match
        int first = 0;
        while (first < entries.length && predicate.test(entries[first])) {
            first++;
        }
        if (first == entries.length) {
            return this;
        }
        Resource[] out = Arrays.copyOf(entries, entries.length);
        int k = first;
        for (int i = first + 1; i < entries.length; i++) {
            if (predicate.test(entries[i])) {
                out[k++] = entries[i];
            }
        }
        return k == 0 ? EMPTY : new Resources(Arrays.copyOf(out, k));
    }

    /** The roles that hold entries, {@code "*"} included when there are unreserved ones. */
    public SortedSet<String> roles() {
        TreeSet<String> roles = new TreeSet<>();
        for (Resource r : entries) {
            roles.add(r.role());
        }
        return Collections.unmodifiableSortedSet(roles);
    }

    /** The names of the entries. */
    public SortedSet<String> names() {
        TreeSet<String> names = new TreeSet<>();
        for (Resource r : entries) {
            names.add(r.name());
        }
        return Collections.unmodifiableSortedSet(names);
    }

    public Stream<Resource> stream() {
        return Arrays.stream(entries);
    }

    /** The entries in normal order. */
    public List<Resource> asList() {
        return List.of(entries);
    }

    @Override
    public Iterator<Resource> iterator() {
        return asList().iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Resources other && Arrays.equals(entries, other.entries);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(entries);
            hash = h;
        }
        return h;
    }

    /** Mesos' text syntax, readable by {@link #parse(String)}; empty resources print as "". */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Resource r : entries) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(r);
        }
        return out.toString();
    }

    // ---- normal form

    private static Resources fromSorted(Collection<Resource> sorted) {
        Resource[] out = sorted.stream().filter(r -> !r.isEmpty()).toArray(Resource[]::new);
        return out.length == 0 ? EMPTY : new Resources(out);
    }

    /** Orders by name (well-known names first), then role ({@code *} first). */
    static int compareKeys(Resource a, Resource b) {
        if (a.name().equals(b.name())) {
            return compareRoles(a.role(), b.role());
        }
        int ra = nameRank(a.name());
        int rb = nameRank(b.name());
        return ra != rb ? Integer.compare(ra, rb) : a.name().compareTo(b.name());
    }

    private static int compareRoles(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        if (a.equals(Resource.UNRESERVED)) {
            return -1;
        }
        if (b.equals(Resource.UNRESERVED)) {
            return 1;
        }
        return a.compareTo(b);
    }

    private static int nameRank(String name) {
        int i = WELL_KNOWN.indexOf(name);
        return i < 0 ? WELL_KNOWN.size() : i;
    }

    // ---- arithmetic on entries of the same name and role

    private static Resource add(Resource a, Resource b) {
        requireSameType(a, b);
        return switch (a.type()) {
            case SCALAR -> Resource.ofScalar(a.name(), a.role(), a.scalar() + b.scalar());
            case RANGES -> new Resource(a.name(), a.role(), ResourceType.RANGES, 0,
                    Range.union(a.ranges(), b.ranges()), a.items());
            case SET -> {
                TreeSet<String> items = new TreeSet<>(a.items());
                items.addAll(b.items());
                yield Resource.ofSet(a.name(), a.role(), items);
            }
        };
    }

    private static Resource subtract(Resource a, Resource b) {
        return switch (a.type()) {
            case SCALAR -> Resource.ofScalar(a.name(), a.role(),
                    Math.max(0, (Syntax.millis(a.scalar()) - Syntax.millis(b.scalar())) / 1000.0));
            case RANGES -> new Resource(a.name(), a.role(), ResourceType.RANGES, 0,
                    Range.subtract(a.ranges(), b.ranges()), a.items());
            case SET -> {
                TreeSet<String> items = new TreeSet<>(a.items());
                items.removeAll(b.items());
                yield Resource.ofSet(a.name(), a.role(), items);
            }
        };
    }

    private static boolean covers(Resource a, Resource b) {
        if (a.type() != b.type()) {
            return false;
        }
        return switch (a.type()) {
            case SCALAR -> Syntax.millis(a.scalar()) >= Syntax.millis(b.scalar());
            case RANGES -> Range.covers(a.ranges(), b.ranges());
            case SET -> a.items().containsAll(b.items());
        };
    }

    private static void requireSameType(Resource a, Resource b) {
        if (a.type() != b.type()) {
            throw new IllegalArgumentException(a.name() + (a.isReserved() ? "(" + a.role() + ")" : "")
                    + " is both " + a.type() + " and " + b.type());
        }
    }
}

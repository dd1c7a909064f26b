package io.plinth.marathon.match;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.ConstraintOperator;
import io.plinth.marathon.api.PortDefinition;
import io.plinth.mesos.api.resources.AttributeValue;
import io.plinth.mesos.api.resources.Attributes;
import io.plinth.mesos.api.resources.Range;
import io.plinth.mesos.api.resources.Resource;
import io.plinth.mesos.api.resources.ResourceType;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Decides which pending tasks go on which offers: a pure function of the offers, the launch queue
 * and the active tasks' placements. It keeps no state between calls.
 *
 * <p>The scheduler calls {@link #match} from its single thread with the offers it holds, then
 * accepts each offer named in a launch (with all its launches) and declines the rest. See the
 * package README for the vocabulary and the matching order.
 *
 * <p>Thread safety: as safe as the injected functions; the matcher itself has no mutable state.
 */
public final class OfferMatcher {

    private static final List<String> SCALARS = List.of("cpus", "mem", "disk", "gpus");
    private static final String PORTS = "ports";
    private static final long MAX_PORT = 65535;
    private static final Comparator<String> RESERVED_FIRST =
            Comparator.comparing((String role) -> role.equals(Resource.UNRESERVED)).thenComparing(role -> role);

    private final Function<String, Optional<ConstraintOperator>> operators;
    private final List<String> defaultAcceptedRoles;
    private final TaskInfos taskInfos;
    private final Supplier<UUID> uuids;

    /**
     * @param operators            constraint operator by upper-case name; empty = unknown (the app is
     *                             not placed)
     * @param defaultAcceptedRoles the roles of apps without {@code acceptedResourceRoles}, usually
     *                             {@code ["*"]}
     * @param frameworkRole        the role offers are allocated to ({@code allocation_info.role}) when
     *                             an offered resource does not say; null: leave it out
     * @param uuids                the random part of task ids
     */
    public OfferMatcher(Function<String, Optional<ConstraintOperator>> operators, List<String> defaultAcceptedRoles,
                        String frameworkRole, Supplier<UUID> uuids) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.defaultAcceptedRoles = List.copyOf(defaultAcceptedRoles);
        this.taskInfos = new TaskInfos(frameworkRole);
        this.uuids = Objects.requireNonNull(uuids, "uuids");
    }

    /**
     * Matches pending tasks to offers. Apps take turns, one task per turn, in the order of
     * {@code pending}; on its turn an app takes the first offer (in the order given) whose remaining
     * resources and whose agent's constraint values fit. An app that finds no offer drops out of
     * this call: the remaining resources only shrink and its own placements do not change, so a
     * retry would fail again (the next round of offers gives it a fresh chance).
     *
     * @param offers  the offers to use; resources of one offer are consumed as tasks are put on it
     * @param pending the launch queue; entries with a count of 0 or less are skipped
     * @param placed  the active tasks of all apps; launches made by this call are added as they are made
     */
    public MatchResult match(List<OfferView> offers, List<PendingLaunch> pending, List<Placement> placed) {
        List<OfferSlot> slots = offers.stream().map(OfferSlot::new).toList();
        List<Placement> placements = new ArrayList<>(placed);
        Deque<Turn> turns = new ArrayDeque<>();
        for (PendingLaunch p : pending) {
            if (p.count() > 0) {
                turns.add(new Turn(p.app(), p.count()));
            }
        }
        List<Launch> launches = new ArrayList<>();
        while (!turns.isEmpty()) {
            Turn turn = turns.pollFirst();
            Optional<Launch> launch = placeOne(turn.app, slots, placements);
            if (launch.isEmpty()) {
                continue;
            }
            launches.add(launch.get());
            if (--turn.left > 0) {
                turns.addLast(turn);
            }
        }
        List<String> unused = new ArrayList<>();
        for (OfferSlot slot : slots) {
            if (!slot.used) {
                unused.add(slot.offer.offerId());
            }
        }
        return new MatchResult(launches, unused);
    }

    private Optional<Launch> placeOne(AppDefinition app, List<OfferSlot> slots, List<Placement> placements) {
        List<String> accepted = app.acceptedResourceRoles() == null || app.acceptedResourceRoles().isEmpty()
                ? defaultAcceptedRoles : app.acceptedResourceRoles();
        Optional<List<Check>> checks = checks(app, accepted, slots, placements);
        if (checks.isEmpty()) {
            return Optional.empty();
        }
        for (OfferSlot slot : slots) {
            OfferView offer = slot.offer;
            if (!checks.get().stream().allMatch(check -> check.accepts(offer.hostname(), offer.attributes()))) {
                continue;
            }
            Optional<Allocation> allocation = allocate(app, slot.remaining.filter(r -> accepted.contains(r.role())));
            if (allocation.isEmpty()) {
                continue;
            }
            Allocation taken = allocation.get();
            slot.remaining = slot.remaining.minus(taken.resources);
            slot.used = true;
            placements.add(new Placement(app.id(), offer.agentId(), offer.hostname(), offer.attributes()));
            String taskId = taskId(app.id(), uuids.get());
            return Optional.of(new Launch(offer.offerId(), offer.agentId(), offer.hostname(), app, taskId,
                    taken.hostPorts, taskInfos.build(app, offer, taskId, taken.resources, taken.hostPorts)));
        }
        return Optional.empty();
    }

    /** {@code /prod/web} becomes {@code prod_web.<uuid>}, Marathon's task id form. */
    static String taskId(String appId, UUID uuid) {
        String path = appId.startsWith("/") ? appId.substring(1) : appId;
        return path.replace('/', '_') + "." + uuid;
    }

    // ---------------------------------------------------------------- resources

    /** What one task of {@code app} takes from {@code available}, or empty when it does not fit. */
    static Optional<Allocation> allocate(AppDefinition app, Resources available) {
        List<Resource> taken = new ArrayList<>();
        Map<String, Double> needs = new LinkedHashMap<>();
        needs.put("cpus", app.cpus());
        needs.put("mem", app.mem());
        needs.put("disk", app.disk());
        needs.put("gpus", app.gpus());
        for (String name : SCALARS) {
            long need = millis(needs.get(name));
            // reserved amounts first: they are of use to fewer frameworks than unreserved ones
            List<Resource> candidates = available.stream()
                    .filter(r -> r.name().equals(name) && r.type() == ResourceType.SCALAR)
                    .sorted(Comparator.comparing(Resource::role, RESERVED_FIRST)).toList();
            for (Resource r : candidates) {
                if (need <= 0) {
                    break;
                }
                long take = Math.min(need, millis(r.scalar()));
                taken.add(Resource.ofScalar(name, r.role(), take / 1000.0));
                need -= take;
            }
            if (need > 0) {
                return Optional.empty();
            }
        }
        Optional<List<Integer>> hostPorts = takePorts(app, available, taken);
        return hostPorts.map(ports -> new Allocation(Resources.of(taken), ports));
    }

    /**
     * Picks a host port per port definition and adds them to {@code taken}: the definition's own
     * port under {@code requirePorts}, otherwise the lowest free offered ones.
     */
    private static Optional<List<Integer>> takePorts(AppDefinition app, Resources available, List<Resource> taken) {
        List<PortDefinition> definitions = app.portDefinitions();
        if (definitions.isEmpty()) {
            return Optional.of(List.of());
        }
        List<Segment> segments = available.stream()
                .filter(r -> r.name().equals(PORTS) && r.type() == ResourceType.RANGES)
                .flatMap(r -> r.ranges().stream().map(range -> new Segment(range, r.role())))
                .sorted(Comparator.comparingLong((Segment s) -> s.range.begin())
                        .thenComparing(s -> s.role, RESERVED_FIRST))
                .toList();
        Integer[] hostPorts = new Integer[definitions.size()];
        Map<Long, String> chosen = new LinkedHashMap<>();
        for (int i = 0; i < definitions.size(); i++) {
            int port = definitions.get(i).port();
            if (app.requirePorts() && port != 0) {
                Optional<String> role = segments.stream().filter(s -> s.range.contains(port)).map(s -> s.role)
                        .findFirst();
                if (role.isEmpty() || chosen.containsKey((long) port)) {
                    return Optional.empty();
                }
                chosen.put((long) port, role.get());
                hostPorts[i] = port;
            }
        }
        int segment = 0;
        long next = segments.isEmpty() ? 0 : segments.get(0).range.begin();
        for (int i = 0; i < definitions.size(); i++) {
            if (hostPorts[i] != null) {
                continue;
            }
            while (true) {
                if (segment == segments.size()) {
                    return Optional.empty();
                }
                Range range = segments.get(segment).range;
                next = Math.max(next, range.begin());
                if (next > range.end()) {
                    segment++;
                } else if (next > MAX_PORT) {
                    return Optional.empty();
                } else if (chosen.containsKey(next)) {
                    next++;
                } else {
                    break;
                }
            }
            chosen.put(next, segments.get(segment).role);
            hostPorts[i] = (int) next;
            next++;
        }
        Map<String, List<Range>> byRole = new LinkedHashMap<>();
        chosen.forEach((port, role) -> byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(new Range(port, port)));
        byRole.forEach((role, ranges) -> taken.add(Resource.ofRanges(PORTS, role, ranges)));
        return Optional.of(List.of(hostPorts));
    }

    private static long millis(double amount) {
        return Math.round(amount * 1000.0);
    }

    // ---------------------------------------------------------------- constraints

    /**
     * The app's constraints, bound to what is placed now; empty when one is malformed, names an
     * unknown operator or fails the operator's validation, so the app cannot be placed at all.
     *
     * <p>The known values are those of all placed tasks and of the offers that have room for a task
     * of the app: an agent that keeps offering leftovers too small for it must not hold GROUP_BY's
     * spreading back for ever.
     */
    private Optional<List<Check>> checks(AppDefinition app, List<String> accepted, List<OfferSlot> slots,
                                         List<Placement> placements) {
        if (app.constraints().isEmpty()) {
            return Optional.of(List.of());
        }
        List<OfferView> roomy = slots.stream()
                .filter(slot -> allocate(app, slot.remaining.filter(r -> accepted.contains(r.role()))).isPresent())
                .map(slot -> slot.offer).toList();
        List<Check> checks = new ArrayList<>();
        for (List<String> constraint : app.constraints()) {
            if (constraint.size() < 2 || constraint.size() > 3 || constraint.get(0) == null
                    || constraint.get(1) == null) {
                return Optional.empty();
            }
            String field = constraint.get(0);
            Optional<String> value = constraint.size() == 3 ? Optional.ofNullable(constraint.get(2)) : Optional.empty();
            Optional<ConstraintOperator> operator = operators.apply(constraint.get(1).toUpperCase(Locale.ROOT));
            if (operator.isEmpty() || operator.get().validate(field, value).isPresent()) {
                return Optional.empty();
            }
            List<Optional<String>> placedValues = new ArrayList<>();
            Set<String> known = new LinkedHashSet<>();
            for (Placement p : placements) {
                Optional<String> v = fieldValue(field, p.hostname(), p.attributes());
                v.ifPresent(known::add);
                if (p.appId().equals(app.id())) {
                    placedValues.add(v);
                }
            }
            for (OfferView o : roomy) {
                fieldValue(field, o.hostname(), o.attributes()).ifPresent(known::add);
            }
            checks.add(new Check(operator.get(), field, value, List.copyOf(placedValues), Set.copyOf(known)));
        }
        return Optional.of(checks);
    }

    /** The value a constraint on {@code field} sees on an agent: its hostname or an attribute's text. */
    static Optional<String> fieldValue(String field, String hostname, Attributes attributes) {
        if (field.equals("hostname") || field.equals("@hostname")) {
            return Optional.of(hostname);
        }
        return attributes.get(field).map(AttributeValue::text);
    }

    // ---------------------------------------------------------------- working state of one call

    /** What one task takes: its resources (per role) and its host ports in definition order. */
    record Allocation(Resources resources, List<Integer> hostPorts) {
    }

    private record Segment(Range range, String role) {
    }

    /** One constraint of the app with the values of its field on the app's placed tasks. */
    private record Check(ConstraintOperator operator, String field, Optional<String> value,
                         List<Optional<String>> placed, Set<String> known) {

        boolean accepts(String hostname, Attributes attributes) {
            return operator.accepts(field, value, fieldValue(field, hostname, attributes), placed, known);
        }
    }

    private static final class OfferSlot {
        final OfferView offer;
        Resources remaining;
        boolean used;

        OfferSlot(OfferView offer) {
            this.offer = offer;
            this.remaining = offer.resources();
        }
    }

    private static final class Turn {
        final AppDefinition app;
        int left;

        Turn(AppDefinition app, int left) {
            this.app = app;
            this.left = left;
        }
    }
}

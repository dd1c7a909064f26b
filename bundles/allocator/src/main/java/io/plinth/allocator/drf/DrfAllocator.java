package io.plinth.allocator.drf;

import io.plinth.allocator.api.AgentProfile;
import io.plinth.allocator.api.Allocator;
import io.plinth.allocator.api.AllocatorSettings;
import io.plinth.allocator.api.AllocatorSnapshot;
import io.plinth.allocator.api.FrameworkProfile;
import io.plinth.allocator.api.OfferCallback;
import io.plinth.mesos.api.resources.Resource;
import io.plinth.mesos.api.resources.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Mesos' hierarchical allocator: weighted DRF over roles, then DRF over the frameworks of each role.
 *
 * <p>A cycle visits every active agent once. The unreserved part of what the agent has free goes,
 * together with the agent's reservations for that role, to the first role in order (lowest dominant
 * share divided by weight) that has a framework which may take it, and within that role to the
 * framework with the lowest dominant share there that is neither suppressed nor filtered for the
 * agent. Reservations of other roles go to a framework of their own role. Every offer moves the
 * receiver back in both orders at once, so the next agent sees the updated shares.
 *
 * <p>Cost: the orders are kept in sorted trees that are re-keyed only for the framework and role
 * that received an offer, so a cycle is O(agents × log(frameworks)) plus the frameworks skipped
 * because of filters. Fully allocated and inactive agents cost a flag test. When the cluster's
 * total changes, every share changes: the trees are rebuilt lazily at the next cycle.
 *
 * <p>Not thread-safe: see {@link io.plinth.allocator.api the package contract}.
 */
public final class DrfAllocator implements Allocator {

    private static final int MIN_EXPIRY_REBUILD = 1024;

    private final Clock clock;
    private final OfferCallback callback;
    private final long minCpusMillis;
    private final long minMemMillis;
    private final Map<String, Double> weights;

    /** Visited in insertion order: a cycle's outcome depends only on the events, never on hashing. */
    private final LinkedHashMap<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Framework> frameworks = new HashMap<>();
    private final Map<String, Role> roles = new HashMap<>();
    /** Roles with at least one framework that may be offered resources, in weighted DRF order. */
    private final TreeSet<Role> roleQueue = new TreeSet<>(Role.ORDER);
    private final long[] clusterTotal = new long[Shares.DIMENSIONS];
    /** Decline filters by expiry; an entry is stale when the filter was lifted or extended since. */
    private final PriorityQueue<FilterExpiry> expiries = new PriorityQueue<>(FilterExpiry.ORDER);
    private int rebuildExpiriesAt = MIN_EXPIRY_REBUILD;
    /** Frameworks with at least one role that may be offered resources now. */
    private int offerableFrameworks;
    /** Keys in the trees were computed against an older cluster total or older weights. */
    private boolean keysStale;
    private boolean allocating;
    private long allocationRuns;

    public DrfAllocator(Clock clock, AllocatorSettings settings, OfferCallback callback) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.callback = Objects.requireNonNull(callback, "callback");
        this.minCpusMillis = Math.round(settings.minAllocatableCpus() * 1000.0);
        this.minMemMillis = Math.round(settings.minAllocatableMemMb() * 1000.0);
        this.weights = new HashMap<>(settings.weights());
    }

    // ------------------------------------------------------------------ frameworks

    @Override
    public void addFramework(String frameworkId, FrameworkProfile profile, Map<String, Resources> used,
                             boolean active) {
        Objects.requireNonNull(profile, "profile");
        if (frameworks.containsKey(Objects.requireNonNull(frameworkId, "frameworkId"))) {
            throw new IllegalArgumentException("framework " + frameworkId + " is already added");
        }
        // check everything before changing anything
        Map<Agent, Boolean> alreadyCounted = new LinkedHashMap<>();
        for (Map.Entry<String, Resources> e : used.entrySet()) {
            Agent agent = agents.get(e.getKey());
            if (agent == null || e.getValue().isEmpty()) {
                continue;
            }
            if (untracked(agent).contains(e.getValue())) {
                alreadyCounted.put(agent, true);
            } else if (agent.available().contains(e.getValue())) {
                alreadyCounted.put(agent, false);
            } else {
                throw new IllegalArgumentException("framework " + frameworkId + " uses " + e.getValue() + " on agent "
                        + agent.id + ", which has only " + agent.total + " with " + agent.allocated + " allocated");
            }
        }
        Framework framework = new Framework(frameworkId, profile, active);
        frameworks.put(frameworkId, framework);
        for (String role : profile.roles()) {
            updateQueued(frameworkRole(framework, role));
        }
        updateOfferable(framework);
        alreadyCounted.forEach((agent, counted) -> {
            Resources resources = used.get(agent.id);
            if (!counted) {
                agent.allocated = agent.allocated.plus(resources);
                agent.changed();
            }
            attribute(framework, agent, resources);
        });
    }

    @Override
    public void updateFramework(String frameworkId, FrameworkProfile profile) {
        Objects.requireNonNull(profile, "profile");
        Framework framework = framework(frameworkId);
        framework.profile = profile;
        framework.suppressed.retainAll(profile.roles());
        for (String role : profile.roles()) {
            frameworkRole(framework, role);
        }
        for (FrameworkRole fr : List.copyOf(framework.roles.values())) {
            updateQueued(fr);
            forgetIfUnused(fr);
        }
        updateOfferable(framework);
    }

    @Override
    public void activateFramework(String frameworkId) {
        setActive(framework(frameworkId), true);
    }

    @Override
    public void deactivateFramework(String frameworkId) {
        setActive(framework(frameworkId), false);
    }

    private void setActive(Framework framework, boolean active) {
        framework.active = active;
        framework.roles.values().forEach(this::updateQueued);
        updateOfferable(framework);
    }

    @Override
    public void removeFramework(String frameworkId) {
        Framework framework = framework(frameworkId);
        framework.active = false;
        framework.roles.values().forEach(this::updateQueued);
        updateOfferable(framework);
        framework.filters.clear();
        for (FrameworkRole fr : List.copyOf(framework.roles.values())) {
            for (Map.Entry<Agent, Resources> held : List.copyOf(fr.byAgent.entrySet())) {
                Agent agent = held.getKey();
                agent.allocated = agent.allocated.minus(held.getValue());
                agent.changed();
                untrack(fr, agent, held.getValue());
            }
            forget(fr);
        }
        frameworks.remove(frameworkId);
    }

    // ------------------------------------------------------------------ agents

    @Override
    public void addAgent(String agentId, AgentProfile profile, Resources total, Map<String, Resources> used) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(total, "total");
        if (agents.containsKey(Objects.requireNonNull(agentId, "agentId"))) {
            throw new IllegalArgumentException("agent " + agentId + " is already added");
        }
        Resources inUse = Resources.empty();
        for (Resources r : used.values()) {
            inUse = inUse.plus(r);
        }
        if (!total.contains(inUse)) {
            throw new IllegalArgumentException("agent " + agentId + " uses " + inUse + " but has only " + total);
        }
        Agent agent = new Agent(agentId, profile.hostname(), total, inUse, this::offerable);
        agents.put(agentId, agent);
        Shares.add(clusterTotal, agent.totalVector);
        keysStale = true;
        used.forEach((frameworkId, resources) -> {
            Framework framework = frameworks.get(frameworkId);
            if (framework != null && !resources.isEmpty()) {
                attribute(framework, agent, resources);
            }
        });
    }

    @Override
    public void updateAgent(String agentId, Resources total) {
        Objects.requireNonNull(total, "total");
        Agent agent = agent(agentId);
        if (!total.contains(agent.allocated)) {
            throw new IllegalArgumentException("agent " + agentId + " has " + agent.allocated
                    + " allocated, more than the new total " + total);
        }
        Shares.subtract(clusterTotal, agent.totalVector);
        agent.total = total;
        agent.totalVector = Shares.vector(total);
        Shares.add(clusterTotal, agent.totalVector);
        agent.changed();
        keysStale = true;
    }

    @Override
    public void activateAgent(String agentId) {
        agent(agentId).active = true;
    }

    @Override
    public void deactivateAgent(String agentId) {
        agent(agentId).active = false;
    }

    @Override
    public void removeAgent(String agentId) {
        Agent agent = agent(agentId);
        for (FrameworkRole fr : List.copyOf(agent.holders)) {
            untrack(fr, agent, fr.byAgent.get(agent));
            forgetIfUnused(fr);
        }
        agents.remove(agentId);
        Shares.subtract(clusterTotal, agent.totalVector);
        keysStale = true;
        for (Framework framework : frameworks.values()) {
            framework.filters.remove(agentId);
        }
    }

    // ------------------------------------------------------------------ offers

    @Override
    public void recoverResources(String frameworkId, String agentId, Resources resources, Duration refuse) {
        Objects.requireNonNull(resources, "resources");
        Agent agent = agents.get(Objects.requireNonNull(agentId, "agentId"));
        Framework framework = frameworks.get(Objects.requireNonNull(frameworkId, "frameworkId"));
        if (agent == null) {
            return; // removed: its allocations went with it
        }
        if (!resources.isEmpty()) {
            if (framework == null) {
                // removed (its allocation was freed then) or not added yet (untracked): free what is left
                Resources part = ResourceMath.common(untracked(agent), resources);
                agent.allocated = agent.allocated.minus(part);
            } else {
                Resources held = heldBy(framework, agent);
                Resources fromHeld = held.contains(resources) ? resources : ResourceMath.common(held, resources);
                Resources rest = resources.minus(fromHeld);
                if (!rest.isEmpty() && !untracked(agent).contains(rest)) {
                    throw new IllegalArgumentException("cannot recover " + resources + " of framework " + frameworkId
                            + " on agent " + agentId + ": it holds only " + held);
                }
                untrackFromFramework(framework, agent, fromHeld);
                agent.allocated = agent.allocated.minus(resources);
            }
            agent.changed();
        }
        if (framework != null && refuse != null && !refuse.isNegative() && !refuse.isZero()) {
            Instant until = clock.instant().plus(refuse);
            Instant previous = framework.filters.get(agentId);
            if (previous == null || until.isAfter(previous)) {
                framework.filters.put(agentId, until);
                if (previous == null && framework.offerable) {
                    agent.blockedBy++;
                }
                addExpiry(new FilterExpiry(until, framework, agentId));
            }
        }
    }

    @Override
    public void suppressOffers(String frameworkId, Set<String> roles) {
        Framework framework = framework(frameworkId);
        framework.suppressed.addAll(targetRoles(framework, roles));
        framework.roles.values().forEach(this::updateQueued);
        updateOfferable(framework);
    }

    @Override
    public void reviveOffers(String frameworkId, Set<String> roles) {
        Framework framework = framework(frameworkId);
        framework.suppressed.removeAll(targetRoles(framework, roles));
        // filters are per agent, not per role: a revive for any role lifts them all, as a framework
        // that revives wants to see offers again at once
        liftFilters(framework);
        framework.roles.values().forEach(this::updateQueued);
        updateOfferable(framework);
    }

    /** The roles a suppress or revive is about: those named that the framework holds; none named: all. */
    private static Set<String> targetRoles(Framework framework, Set<String> roles) {
        if (roles.isEmpty()) {
            return framework.profile.roles();
        }
        Set<String> target = new TreeSet<>(roles);
        target.retainAll(framework.profile.roles());
        return target;
    }

    @Override
    public void updateWeights(Map<String, Double> newWeights) {
        newWeights.forEach(AllocatorSettings::requireWeight);
        weights.putAll(newWeights);
        keysStale = true;
    }

    // ------------------------------------------------------------------ the cycle

    @Override
    public void allocate() {
        if (allocating) {
            throw new IllegalStateException("allocate() called from its own offer callback");
        }
        allocating = true;
        try {
            if (keysStale) {
                rekeyAll();
            }
            Instant now = clock.instant();
            expireFilters(now);
            Map<String, Map<String, Map<String, Resources>>> offers = new LinkedHashMap<>();
            if (!roleQueue.isEmpty()) {
                for (Agent agent : agents.values()) {
                    allocate(agent, offers);
                }
            }
            allocationRuns++;
            deliver(offers);
        } finally {
            allocating = false;
        }
    }

    private void allocate(Agent agent, Map<String, Map<String, Map<String, Resources>>> offers) {
        if (!agent.active || agent.blockedBy >= offerableFrameworks) {
            return; // unreachable, or every framework that could take something declined it
        }
        boolean unreserved = agent.unreservedOfferable();
        List<String> reservedRoles = agent.reservedRoles();
        if (!unreserved && reservedRoles.isEmpty()) {
            return; // fully allocated, or only crumbs below the minimum offer
        }
        String served = null;
        if (unreserved) {
            for (Role role : roleQueue) {
                FrameworkRole receiver = firstEligible(role, agent);
                if (receiver != null) {
                    // the tree is not iterated any further after this change
                    grant(receiver, agent, agent.available().allocatableTo(role.name), offers);
                    served = role.name;
                    break;
                }
            }
        }
        if (reservedRoles.isEmpty()) {
            return;
        }
        // reservations of roles other than the one served: each to a framework of its own role, in
        // role order (the first may also take an unreserved remainder too small to offer alone)
        List<Role> reserved = new ArrayList<>(reservedRoles.size());
        for (String name : reservedRoles) {
            Role role = roles.get(name);
            if (role != null && !role.queue.isEmpty() && !name.equals(served)) {
                reserved.add(role);
            }
        }
        reserved.sort(Role.ORDER);
        for (Role role : reserved) {
            Resources offer = agent.available().allocatableTo(role.name);
            if (!offerable(offer)) {
                continue;
            }
            FrameworkRole receiver = firstEligible(role, agent);
            if (receiver != null) {
                grant(receiver, agent, offer, offers);
            }
        }
    }

    /**
     * The first framework of the role, in DRF order, that no decline filter keeps from the agent.
     * Filters that expired were lifted at the start of the cycle, so any filter found is in force.
     */
    private static FrameworkRole firstEligible(Role role, Agent agent) {
        for (FrameworkRole fr : role.queue) {
            Map<String, Instant> filters = fr.framework.filters;
            if (filters.isEmpty() || !filters.containsKey(agent.id)) {
                return fr;
            }
        }
        return null;
    }

    private void expireFilters(Instant now) {
        while (!expiries.isEmpty() && !now.isBefore(expiries.peek().until())) {
            FilterExpiry expiry = expiries.poll();
            Framework framework = expiry.framework();
            if (expiry.until().equals(framework.filters.get(expiry.agentId()))
                    && frameworks.get(framework.id) == framework) {
                framework.filters.remove(expiry.agentId());
                if (framework.offerable) {
                    agents.get(expiry.agentId()).blockedBy--;
                }
            }
        }
    }

    /**
     * Entries of lifted or extended filters stay in the queue until their time; so that frameworks
     * that revive and decline with long filters again and again cannot grow it without bound, it is
     * rebuilt from the filters in force whenever it has doubled since the last rebuild.
     */
    private void addExpiry(FilterExpiry expiry) {
        expiries.add(expiry);
        if (expiries.size() > rebuildExpiriesAt) {
            expiries.clear();
            for (Framework framework : frameworks.values()) {
                framework.filters.forEach((agentId, until) -> expiries.add(new FilterExpiry(until, framework, agentId)));
            }
            rebuildExpiriesAt = Math.max(MIN_EXPIRY_REBUILD, 2 * expiries.size());
        }
    }

    private void liftFilters(Framework framework) {
        if (framework.offerable) {
            for (String agentId : framework.filters.keySet()) {
                agents.get(agentId).blockedBy--;
            }
        }
        framework.filters.clear();
    }

    /**
     * Counts the framework as one that may be offered resources (active, some role not
     * suppressed) or not, and keeps each filtered agent's count of frameworks that declined it in
     * step: an agent declined by every such framework is skipped without looking at any.
     */
    private void updateOfferable(Framework framework) {
        boolean offerable = false;
        for (FrameworkRole fr : framework.roles.values()) {
            offerable |= fr.queued;
        }
        if (offerable == framework.offerable) {
            return;
        }
        framework.offerable = offerable;
        offerableFrameworks += offerable ? 1 : -1;
        for (String agentId : framework.filters.keySet()) {
            agents.get(agentId).blockedBy += offerable ? 1 : -1;
        }
    }

    private void grant(FrameworkRole receiver, Agent agent, Resources offer,
                       Map<String, Map<String, Map<String, Resources>>> offers) {
        agent.allocated = agent.allocated.plus(offer);
        agent.changed();
        track(receiver, agent, offer);
        offers.computeIfAbsent(receiver.framework.id, id -> new LinkedHashMap<>())
                .computeIfAbsent(receiver.role.name, role -> new LinkedHashMap<>())
                .merge(agent.id, offer, Resources::plus);
    }

    private void deliver(Map<String, Map<String, Map<String, Resources>>> offers) {
        RuntimeException failure = null;
        for (Map.Entry<String, Map<String, Map<String, Resources>>> e : offers.entrySet()) {
            Map<String, Map<String, Resources>> byRole = new LinkedHashMap<>();
            e.getValue().forEach((role, byAgent) -> byRole.put(role, Collections.unmodifiableMap(byAgent)));
            try {
                callback.offers(e.getKey(), Collections.unmodifiableMap(byRole));
            } catch (RuntimeException ex) {
                // the other frameworks' offers are allocated already: they must still go out
                if (failure == null) {
                    failure = ex;
                } else {
                    failure.addSuppressed(ex);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    boolean offerable(Resources offer) {
        if (offer.isEmpty()) {
            return false;
        }
        return Math.round(offer.scalar("cpus") * 1000.0) >= minCpusMillis
                || Math.round(offer.scalar("mem") * 1000.0) >= minMemMillis;
    }

    // ------------------------------------------------------------------ bookkeeping

    private Framework framework(String id) {
        Framework framework = frameworks.get(Objects.requireNonNull(id, "frameworkId"));
        if (framework == null) {
            throw new IllegalArgumentException("unknown framework " + id);
        }
        return framework;
    }

    private Agent agent(String id) {
        Agent agent = agents.get(Objects.requireNonNull(id, "agentId"));
        if (agent == null) {
            throw new IllegalArgumentException("unknown agent " + id);
        }
        return agent;
    }

    private FrameworkRole frameworkRole(Framework framework, String roleName) {
        FrameworkRole fr = framework.roles.get(roleName);
        if (fr == null) {
            Role role = roles.computeIfAbsent(roleName, Role::new);
            fr = new FrameworkRole(framework, role);
            fr.key = Shares.dominant(fr.allocated, clusterTotal);
            role.members.add(fr);
            framework.roles.put(roleName, fr);
        }
        return fr;
    }

    /** Puts the framework-role in or out of its role's queue, and the role in or out of the role queue. */
    private void updateQueued(FrameworkRole fr) {
        boolean offerable = fr.offerable();
        if (offerable == fr.queued) {
            return;
        }
        Role role = fr.role;
        if (offerable) {
            boolean wasEmpty = role.queue.isEmpty();
            fr.key = Shares.dominant(fr.allocated, clusterTotal);
            role.queue.add(fr);
            fr.queued = true;
            if (wasEmpty) {
                role.key = roleKey(role);
                roleQueue.add(role);
            }
        } else {
            role.queue.remove(fr);
            fr.queued = false;
            if (role.queue.isEmpty()) {
                roleQueue.remove(role);
            }
        }
    }

    /** Drops a membership that is neither subscribed nor holding anything, and then an empty role. */
    private void forgetIfUnused(FrameworkRole fr) {
        if (fr.byAgent.isEmpty() && !fr.framework.profile.roles().contains(fr.role.name)) {
            forget(fr);
        }
    }

    private void forget(FrameworkRole fr) {
        if (fr.queued) {
            fr.role.queue.remove(fr);
            fr.queued = false;
            if (fr.role.queue.isEmpty()) {
                roleQueue.remove(fr.role);
            }
        }
        fr.framework.roles.remove(fr.role.name);
        fr.role.members.remove(fr);
        if (fr.role.members.isEmpty()) {
            roles.remove(fr.role.name);
        }
    }

    /**
     * Attributes resources a framework uses on an agent to its roles: a reservation to the role it
     * belongs to when the framework has that role, the rest to its first role.
     */
    private void attribute(Framework framework, Agent agent, Resources used) {
        String fallback = framework.profile.roles().iterator().next();
        for (String role : used.roles()) {
            Resources part = used.reservedTo(role);
            String owner = framework.profile.roles().contains(role) ? role : fallback;
            track(frameworkRole(framework, owner), agent, part);
        }
    }

    private void track(FrameworkRole fr, Agent agent, Resources resources) {
        if (resources.isEmpty()) {
            return;
        }
        fr.byAgent.merge(agent, resources, Resources::plus);
        agent.holders.add(fr);
        long[] v = Shares.vector(resources);
        Shares.add(fr.allocated, v);
        Shares.add(fr.role.allocated, v);
        rekey(fr);
    }

    private void untrack(FrameworkRole fr, Agent agent, Resources resources) {
        if (resources == null || resources.isEmpty()) {
            return;
        }
        Resources rest = fr.byAgent.get(agent).minus(resources);
        if (rest.isEmpty()) {
            fr.byAgent.remove(agent);
            agent.holders.remove(fr);
        } else {
            fr.byAgent.put(agent, rest);
        }
        long[] v = Shares.vector(resources);
        Shares.subtract(fr.allocated, v);
        Shares.subtract(fr.role.allocated, v);
        rekey(fr);
    }

    /**
     * Takes resources a framework returns out of its roles' allocations on the agent. The call
     * names no role, so the role is inferred: one that holds exactly these resources (a whole offer
     * comes back), else one that holds them all (a task ends), else they are split: first the roles
     * their reservations name, then the others by name.
     */
    private void untrackFromFramework(Framework framework, Agent agent, Resources resources) {
        if (resources.isEmpty()) {
            return;
        }
        FrameworkRole containing = null;
        for (FrameworkRole fr : framework.roles.values()) {
            Resources held = fr.byAgent.get(agent);
            if (held != null && held.contains(resources)) {
                if (held.equals(resources)) {
                    containing = fr;
                    break;
                }
                if (containing == null) {
                    containing = fr;
                }
            }
        }
        if (containing != null) {
            untrack(containing, agent, resources);
            forgetIfUnused(containing);
            return;
        }
        Resources remaining = resources;
        List<FrameworkRole> order = new ArrayList<>(framework.roles.values());
        Set<String> reservedFor = resources.filter(Resource::isReserved).roles();
        order.sort((a, b) -> Boolean.compare(!reservedFor.contains(a.role.name), !reservedFor.contains(b.role.name)));
        for (FrameworkRole fr : order) {
            if (remaining.isEmpty()) {
                break;
            }
            Resources held = fr.byAgent.get(agent);
            if (held == null) {
                continue;
            }
            Resources taken = ResourceMath.common(held, remaining);
            if (!taken.isEmpty()) {
                untrack(fr, agent, taken);
                remaining = remaining.minus(taken);
                forgetIfUnused(fr);
            }
        }
    }

    private static Resources heldBy(Framework framework, Agent agent) {
        Resources held = Resources.empty();
        for (FrameworkRole fr : framework.roles.values()) {
            Resources r = fr.byAgent.get(agent);
            if (r != null) {
                held = held.plus(r);
            }
        }
        return held;
    }

    /** What is allocated on the agent to frameworks the allocator does not know (yet). */
    private static Resources untracked(Agent agent) {
        Resources tracked = Resources.empty();
        for (FrameworkRole fr : agent.holders) {
            tracked = tracked.plus(fr.byAgent.get(agent));
        }
        return agent.allocated.minus(tracked);
    }

    /** Moves a framework-role, and its role, to their new places after their allocation changed. */
    private void rekey(FrameworkRole fr) {
        if (fr.queued) {
            fr.role.queue.remove(fr);
            fr.key = Shares.dominant(fr.allocated, clusterTotal);
            fr.role.queue.add(fr);
        } else {
            fr.key = Shares.dominant(fr.allocated, clusterTotal);
        }
        Role role = fr.role;
        if (!role.queue.isEmpty()) {
            roleQueue.remove(role);
            role.key = roleKey(role);
            roleQueue.add(role);
        } else {
            role.key = roleKey(role);
        }
    }

    private double roleKey(Role role) {
        return Shares.dominant(role.allocated, clusterTotal) / weight(role.name);
    }

    private double weight(String role) {
        return weights.getOrDefault(role, 1.0);
    }

    /** Recomputes every key against the current cluster total and weights, rebuilding the trees. */
    private void rekeyAll() {
        roleQueue.clear();
        for (Role role : roles.values()) {
            role.queue.clear();
            for (FrameworkRole fr : role.members) {
                fr.key = Shares.dominant(fr.allocated, clusterTotal);
                if (fr.queued) {
                    role.queue.add(fr);
                }
            }
            role.key = roleKey(role);
            if (!role.queue.isEmpty()) {
                roleQueue.add(role);
            }
        }
        keysStale = false;
    }

    // ------------------------------------------------------------------ snapshot

    @Override
    public AllocatorSnapshot snapshot() {
        Instant now = clock.instant();
        Resources total = Resources.empty();
        Resources allocated = Resources.empty();
        Map<String, AllocatorSnapshot.Agent> agentViews = new TreeMap<>();
        for (Agent agent : agents.values()) {
            total = total.plus(agent.total);
            allocated = allocated.plus(agent.allocated);
            agentViews.put(agent.id, new AllocatorSnapshot.Agent(agent.id, agent.hostname, agent.active,
                    agent.total, agent.allocated));
        }
        Map<String, AllocatorSnapshot.Role> roleViews = new TreeMap<>();
        for (Role role : roles.values()) {
            Resources held = Resources.empty();
            Set<String> subscribed = new TreeSet<>();
            for (FrameworkRole fr : role.members) {
                for (Resources r : fr.byAgent.values()) {
                    held = held.plus(r);
                }
                if (fr.framework.profile.roles().contains(role.name)) {
                    subscribed.add(fr.framework.id);
                }
            }
            roleViews.put(role.name, new AllocatorSnapshot.Role(role.name, weight(role.name), held, subscribed,
                    Shares.dominant(role.allocated, clusterTotal)));
        }
        weights.forEach((name, weight) -> roleViews.computeIfAbsent(name,
                n -> new AllocatorSnapshot.Role(n, weight, Resources.empty(), Set.of(), 0)));
        Map<String, AllocatorSnapshot.Framework> frameworkViews = new TreeMap<>();
        for (Framework framework : frameworks.values()) {
            Map<String, Resources> byRole = new TreeMap<>();
            Map<String, Resources> byAgent = new TreeMap<>();
            Resources sum = Resources.empty();
            long[] vector = new long[Shares.DIMENSIONS];
            for (FrameworkRole fr : framework.roles.values()) {
                for (Map.Entry<Agent, Resources> e : fr.byAgent.entrySet()) {
                    byRole.merge(fr.role.name, e.getValue(), Resources::plus);
                    byAgent.merge(e.getKey().id, e.getValue(), Resources::plus);
                    sum = sum.plus(e.getValue());
                }
                Shares.add(vector, fr.allocated);
            }
            Map<String, Instant> filters = new TreeMap<>();
            framework.filters.forEach((agentId, until) -> {
                if (now.isBefore(until)) {
                    filters.put(agentId, until);
                }
            });
            frameworkViews.put(framework.id, new AllocatorSnapshot.Framework(framework.id, framework.profile.roles(),
                    framework.active, framework.suppressed, sum, byRole, byAgent,
                    Shares.dominant(vector, clusterTotal), filters));
        }
        return new AllocatorSnapshot(total, allocated, roleViews, frameworkViews, agentViews, allocationRuns);
    }
}

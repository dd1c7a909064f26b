package io.plinth.allocator.api;

import io.plinth.mesos.api.resources.Resources;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Decides which framework is offered which agent's free resources, fed with events by the leading
 * master. Not thread-safe: see the package documentation for the contract. Unknown ids and
 * duplicate adds throw {@link IllegalArgumentException} and change nothing.
 */
public interface Allocator {

    /**
     * A framework subscribed (or re-subscribed after a master failover).
     *
     * @param used   what its tasks already hold, per agent id. Resources that an earlier
     *               {@link #addAgent} already counted as used on that agent are only attributed to this
     *               framework; others are taken from the agent's free resources. Agents not added yet
     *               are skipped: {@code addAgent} will report them.
     * @param active false when it is known but not connected (it receives no offers)
     */
    void addFramework(String frameworkId, FrameworkProfile profile, Map<String, Resources> used, boolean active);

    /** Its roles changed. Allocations in a role it left stay counted until recovered. */
    void updateFramework(String frameworkId, FrameworkProfile profile);

    /** Connected again: may receive offers. */
    void activateFramework(String frameworkId);

    /** Disconnected: receives no offers, keeps its allocation and its filters. */
    void deactivateFramework(String frameworkId);

    /** Gone: whatever is still allocated to it is freed. */
    void removeFramework(String frameworkId);

    /**
     * An agent registered (or re-registered after a master failover).
     *
     * @param used what is in use on it, per framework id: counted as used on the agent, and
     *             attributed to frameworks already added (others are attributed when they are added)
     * @throws IllegalArgumentException also when {@code total} does not contain the sum of {@code used}
     */
    void addAgent(String agentId, AgentProfile profile, Resources total, Map<String, Resources> used);

    /** Its total changed. @throws IllegalArgumentException if the new total cannot hold what is allocated */
    void updateAgent(String agentId, Resources total);

    /** Reachable again: its resources are offered. */
    void activateAgent(String agentId);

    /** Unreachable: nothing of it is offered; allocations stay. */
    void deactivateAgent(String agentId);

    /** Gone: its allocations vanish with it. */
    void removeAgent(String agentId);

    /**
     * Resources allocated to a framework on an agent come back: an offer declined or rescinded, the
     * unused rest of an accepted offer, a finished task's resources.
     *
     * @param refuse when positive, the framework is not offered anything of that agent until the
     *               clock passes now + refuse or it revives (a decline filter); null or zero: no filter
     * @throws IllegalArgumentException if the resources are not allocated there (ignored instead
     *                                  when the agent or the framework has been removed)
     */
    void recoverResources(String frameworkId, String agentId, Resources resources, Duration refuse);

    /** Stops offers to the framework for these roles (empty: all its roles) until it revives. */
    void suppressOffers(String frameworkId, Set<String> roles);

    /**
     * Resumes offers for these roles (empty: all its roles) and drops the framework's decline
     * filters, so that it is offered everything it may have at the next cycle.
     */
    void reviveOffers(String frameworkId, Set<String> roles);

    /** Sets the weights of these roles (others keep theirs; the default is 1.0). Positive. */
    void updateWeights(Map<String, Double> weights);

    /**
     * One allocation cycle over all agents: offers go to the {@link OfferCallback}, at most one call
     * per framework per cycle, after the cycle's bookkeeping. A callback should not throw; if it
     * does, the other frameworks still get their offers (which stay allocated) and the first
     * exception is rethrown at the end.
     *
     * @throws IllegalStateException when called from the offer callback
     */
    void allocate();

    /** The allocator's state now, as an immutable value. */
    AllocatorSnapshot snapshot();
}

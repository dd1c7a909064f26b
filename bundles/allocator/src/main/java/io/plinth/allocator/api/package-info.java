/**
 * The allocator: decides which framework is offered which agent's free resources.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>An {@link io.plinth.allocator.api.Allocator} is <b>not thread-safe</b>. Its owner (the leading
 *       master) calls every method on one thread, its "master thread", and builds a new allocator
 *       when it gains leadership.</li>
 *   <li>It is fed events: frameworks and agents come and go, are activated and deactivated,
 *       resources are recovered, offers are suppressed and revived, weights change.</li>
 *   <li>{@link io.plinth.allocator.api.Allocator#allocate()} runs one allocation cycle; the owner
 *       calls it every {@link io.plinth.allocator.api.AllocatorSettings#allocationInterval()} and
 *       whenever it wants offers to go out sooner (after resources were recovered). Offers go to the
 *       {@link io.plinth.allocator.api.OfferCallback}, invoked synchronously from {@code allocate()},
 *       on the same thread, after the cycle's bookkeeping is complete: the callback may call the
 *       allocator's event methods (to decline at once, say) but not {@code allocate()}.</li>
 *   <li>Offered resources count as allocated to the framework, and to the role they were offered
 *       for, until the owner returns them with
 *       {@link io.plinth.allocator.api.Allocator#recoverResources}: declined, rescinded, the unused
 *       remainder of an accepted offer, a task's resources when it ends.</li>
 *   <li>Invalid calls (unknown ids, a duplicate add, recovering what was not allocated, a total that
 *       cannot hold what is in use) throw {@link java.lang.IllegalArgumentException} and change
 *       nothing. The one exception is {@code recoverResources} for an agent or framework already
 *       removed: removal freed the resources, so the call is ignored.</li>
 *   <li>Resources are {@link io.plinth.mesos.api.resources.Resources}; their roles are static
 *       reservations.</li>
 * </ul>
 * Values here ({@link io.plinth.allocator.api.AllocatorSnapshot}, the settings and profiles) are
 * immutable.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plinth.allocator.api;

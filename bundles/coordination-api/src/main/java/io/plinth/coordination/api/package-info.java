/**
 * Coordination contracts shared by every Plinth component.
 *
 * <ul>
 *   <li>{@link io.plinth.coordination.api.ClusterSingleton}: leader-only work, registered as a
 *       whiteboard service and started only on the node that leads its group.</li>
 *   <li>{@link io.plinth.coordination.api.LeaderDetector}: any node asks who leads a group and is
 *       told of changes.</li>
 *   <li>{@link io.plinth.coordination.api.StateStore}: typed, versioned durable state, one znode per
 *       entity; a {@link io.plinth.coordination.api.Transaction} writes several at once, all or none.</li>
 * </ul>
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.plinth.coordination.api;

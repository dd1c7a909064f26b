/**
 * The init scheduler (Marathon) as other bundles see it.
 *
 * <ul>
 *   <li>Values in Marathon's v2 JSON shapes: {@link io.plinth.marathon.api.AppDefinition} (with
 *       {@link io.plinth.marathon.api.PortDefinition}, {@link io.plinth.marathon.api.HealthCheck},
 *       {@link io.plinth.marathon.api.FetchUri}, {@link io.plinth.marathon.api.UpgradeStrategy}),
 *       {@link io.plinth.marathon.api.Group}, {@link io.plinth.marathon.api.MarathonTask},
 *       {@link io.plinth.marathon.api.Deployment}, {@link io.plinth.marathon.api.QueueItem}.
 *       Jackson writes each exactly as Marathon's REST API shows it.</li>
 *   <li>{@link io.plinth.marathon.api.Marathon}: the leader's service (registered only on the master
 *       that leads group {@code marathon}); REST resources and shell commands call it.</li>
 *   <li>{@link io.plinth.marathon.api.MarathonEvent}: what {@code /v2/events} streams.</li>
 *   <li>{@link io.plinth.marathon.api.ConstraintOperator}: placement operators; a bundle adds one
 *       by registering the service.</li>
 * </ul>
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plinth.marathon.api;

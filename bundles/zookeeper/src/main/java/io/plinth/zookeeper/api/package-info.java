/**
 * The ZooKeeper ensemble as other bundles see it: {@link io.plinth.zookeeper.api.EnsembleStatus}
 * answers, for every member, what Exhibitor's {@code GET /exhibitor/v1/cluster/status} answers.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plinth.zookeeper.api;

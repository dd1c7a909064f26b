/**
 * The Mesos resource model: {@link io.plinth.mesos.api.resources.Resources} (cpus, mem, disk,
 * ports, reserved to roles or not, with Mesos' arithmetic and text syntax
 * {@code cpus:2;mem:1024;ports:[31000-32000];cpus(slave_public):2}),
 * {@link io.plinth.mesos.api.resources.Attributes} of agents, their conversion to and from the
 * official v1 protobuf messages and to the JSON of {@code /master/state}, and the
 * {@link io.plinth.mesos.api.resources.ResourceDetector} agents use when nothing is configured.
 *
 * <p>All values are immutable and may be shared between threads. Bad input is answered with an
 * {@link java.lang.IllegalArgumentException} whose message names the offending entry.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plinth.mesos.api.resources;

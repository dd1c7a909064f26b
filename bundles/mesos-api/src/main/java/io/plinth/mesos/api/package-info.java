/**
 * The resource manager (the Mesos master) as other bundles see it: {@link
 * io.plinth.mesos.api.ResourceManager}, a read-only view of the leading master's state in the
 * official Mesos v1 operator types, plus its operator event stream.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.plinth.mesos.api;

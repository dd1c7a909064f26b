/**
 * The Mesos v1 HTTP wire format, shared by the master, the agents and in-house frameworks:
 * {@link io.plinth.mesos.api.wire.RecordIo} frames streamed events ({@code <length>\n<bytes>}),
 * {@link io.plinth.mesos.api.wire.ProtobufJson} maps the official v1 protobuf messages to and from
 * the JSON Mesos speaks (proto field names, enums by name), also inside Jackson-serialised values;
 * {@link io.plinth.mesos.api.wire.ProtobufBinary} embeds them in their binary encoding instead, for
 * Plinth's own links.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plinth.mesos.api.wire;

/**
 * The agent link: Plinth's own HTTP protocol between agents and the leading master. Frameworks
 * never see it; they speak the Mesos v1 scheduler API to the master. The messages are
 * {@link io.plinth.mesos.api.agent.AgentCall} (agent to master) and
 * {@link io.plinth.mesos.api.agent.AgentEvent} (master to agent) in one of two encodings, chosen by
 * the SUBSCRIBE call's {@code Content-Type} for the whole stream and by each call's for itself:
 * JSON with snake_case names and Mesos' protobuf JSON for embedded v1 messages
 * ({@link io.plinth.mesos.api.agent.AgentLink#newObjectMapper()}, readable with curl), or the same
 * documents in CBOR with embedded messages as binary protobuf
 * ({@link io.plinth.mesos.api.agent.AgentLink#newCborMapper()}, what Plinth's agents send).
 *
 * <h2>Conversation</h2>
 * <ol>
 *   <li>The agent finds the leader of the election group {@code mesos} and POSTs a SUBSCRIBE call
 *       to {@code http://<leader ip>:<leader port>/internal/v1/agent}. A re-registering agent
 *       sets its id (in {@code agent_id} and {@code agent_info.id}) and lists the tasks it knows,
 *       each with its latest status and the status updates not yet acknowledged.</li>
 *   <li>The master answers {@code 200} with header {@code Mesos-Stream-Id} and a chunked RecordIO
 *       stream (in the call's encoding) of events. The first is SUBSCRIBED with the
 *       agent's id, new or confirmed; the agent persists it. Then come LAUNCH, KILL, ACKNOWLEDGE,
 *       SHUTDOWN_FRAMEWORK and PING as they happen.</li>
 *   <li>Every other call (UPDATE, PONG) is a separate POST to the same path with {@code agent_id}
 *       and the header {@code Mesos-Stream-Id} of the current stream; one UPDATE may carry several
 *       status updates ({@code updates}). The master answers
 *       {@code 202}, or {@code 400} with a text message when it does not know the agent or the
 *       stream; the agent then re-subscribes.</li>
 *   <li>The master sends PING every {@code ping_interval_seconds}; the agent answers each with
 *       PONG. A master that hears no PONG for a while considers the agent gone.</li>
 *   <li>An UPDATE is retried (same uuid) until an ACKNOWLEDGE with its uuid arrives, and re-sent
 *       in SUBSCRIBE after a master change.</li>
 *   <li>A master that does not lead answers any call with {@code 307} and a {@code Location}
 *       header naming the leader's endpoint.</li>
 *   <li>ERROR, then end of stream: the master dropped the agent's stream. The agent (as on any
 *       end or failure of the stream) re-subscribes after a capped exponential backoff.</li>
 * </ol>
 *
 * <p>Everything here is an immutable value; the mapper is thread-safe once built.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.plinth.mesos.api.agent;

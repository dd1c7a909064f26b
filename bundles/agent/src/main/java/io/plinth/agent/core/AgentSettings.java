package io.plinth.agent.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Resource;

/**
 * What one agent announces and where it keeps its files. Immutable.
 *
 * @param hostname            host name the master and frameworks reach the agent's tasks at
 * @param port                port announced in {@code AgentInfo}
 * @param resources           total resources, unreserved ones already given the agent's default role
 * @param attributes          attributes announced with the resources
 * @param workDir             the agent's own directory: {@code meta/agent_id} and the sandboxes
 * @param updateRetryInterval how long an unacknowledged status update waits before it is sent again
 * @param version             the agent's Plinth version, sent with SUBSCRIBE
 */
public record AgentSettings(String hostname, int port, List<Resource> resources, List<Attribute> attributes,
                            Path workDir, Duration updateRetryInterval, String version) {

    public AgentSettings {
        if (hostname == null || hostname.isBlank()) {
            throw new IllegalArgumentException("hostname is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a port");
        }
        resources = List.copyOf(resources);
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(workDir, "workDir");
        if (updateRetryInterval.isNegative() || updateRetryInterval.isZero()) {
            throw new IllegalArgumentException("updateRetryInterval must be positive");
        }
        Objects.requireNonNull(version, "version");
    }

    /** The {@code AgentInfo} of a SUBSCRIBE, without an id. */
    AgentInfo.Builder agentInfo() {
        return AgentInfo.newBuilder().setHostname(hostname).setPort(port)
                .addAllResources(resources).addAllAttributes(attributes);
    }
}

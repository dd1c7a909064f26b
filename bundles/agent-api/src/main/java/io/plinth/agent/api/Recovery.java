package io.plinth.agent.api;

import java.nio.file.Path;
import java.util.Objects;
import org.apache.mesos.v1.Protos.AgentID;

/**
 * What an agent asks a containerizer to re-adopt after a restart. A value, so that later needs
 * (known containers, a recovery timeout) become fields rather than new methods.
 *
 * @param agentId the agent's id as persisted before the restart
 * @param workDir the agent's work directory; the sandboxes of its launches lie below it
 */
public record Recovery(AgentID agentId, Path workDir) {

    public Recovery {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(workDir, "workDir");
    }
}

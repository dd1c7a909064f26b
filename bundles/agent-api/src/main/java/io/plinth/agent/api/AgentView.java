package io.plinth.agent.api;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Resource;

/**
 * One agent at one moment, in the terms of Mesos' agent {@code /state}. Immutable.
 *
 * @param id             the agent's id, once a master gave it one
 * @param hostname       the host name it announces
 * @param port           the port it announces
 * @param resources      its total resources
 * @param attributes     its attributes
 * @param workDir        its work directory; every sandbox lies below {@code workDir/slaves}
 * @param startTime      when this agent started
 * @param version        the Plinth version it runs
 * @param subscribed     whether a master confirmed its current stream
 * @param frameworks     the frameworks of its tasks (live and completed)
 * @param tasks          the tasks it runs or whose updates are not all acknowledged, in launch order
 * @param completedTasks recently ended tasks whose updates were all acknowledged, oldest first
 */
public record AgentView(Optional<AgentID> id, String hostname, int port, List<Resource> resources,
                        List<Attribute> attributes, Path workDir, Instant startTime, String version, boolean subscribed,
                        List<FrameworkInfo> frameworks, List<TaskView> tasks, List<TaskView> completedTasks) {

    public AgentView {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(hostname, "hostname");
        resources = List.copyOf(resources);
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(version, "version");
        frameworks = List.copyOf(frameworks);
        tasks = List.copyOf(tasks);
        completedTasks = List.copyOf(completedTasks);
    }
}

package io.plinth.agent.http.testing;

import io.plinth.agent.api.AgentView;
import io.plinth.agent.api.TaskView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;

/** Mesos values and agent views for tests, with sandboxes laid out as the agent lays them out. */
public final class Fixtures {

    public static final String AGENT = "agent-1";
    public static final Instant STARTED = Instant.ofEpochSecond(1_600_000_000, 250_000_000);

    private Fixtures() {
    }

    public static FrameworkInfo framework(String id, String name) {
        return FrameworkInfo.newBuilder().setId(FrameworkID.newBuilder().setValue(id)).setName(name).setUser("nobody")
                .setHostname("scheduler.local").addRoles("web").setFailoverTimeout(60).setCheckpoint(true).build();
    }

    public static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    public static Resource ports(long begin, long end) {
        return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end))).build();
    }

    public static Resource reserved(Resource resource, String role) {
        return resource.toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
                .setType(Resource.ReservationInfo.Type.STATIC).setRole(role)).build();
    }

    public static Attribute textAttribute(String name, String value) {
        return Attribute.newBuilder().setName(name).setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(value)).build();
    }

    public static Attribute scalarAttribute(String name, double value) {
        return Attribute.newBuilder().setName(name).setType(Value.Type.SCALAR).setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    public static Attribute rangesAttribute(String name, long begin, long end) {
        return Attribute.newBuilder().setName(name).setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end))).build();
    }

    public static TaskInfo.Builder taskInfo(String id, Resource... resources) {
        return TaskInfo.newBuilder().setName(id.replaceAll("\\..*", "")).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(AgentID.newBuilder().setValue(AGENT)).addAllResources(Arrays.asList(resources))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000"));
    }

    public static ExecutorInfo executor(String id, Resource... resources) {
        return ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue(id)).setName("group " + id)
                .setType(ExecutorInfo.Type.DEFAULT).addAllResources(Arrays.asList(resources)).build();
    }

    public static TaskStatus status(String taskId, TaskState state, double timestamp) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setTimestamp(timestamp).build();
    }

    /** The sandbox directory of a run, as the agent places it; not created. */
    public static Path sandbox(Path workDir, String agent, String framework, String executor, String container) {
        return workDir.resolve("slaves").resolve(agent).resolve("frameworks").resolve(framework)
                .resolve("executors").resolve(executor).resolve("runs").resolve(container);
    }

    /** Creates a run's sandbox with a {@code stdout} of the given content. */
    public static Path sandboxWithStdout(Path workDir, String agent, String framework, String executor, String container,
                                         String stdout) {
        Path sandbox = sandbox(workDir, agent, framework, executor, container);
        try {
            Files.createDirectories(sandbox);
            Files.writeString(sandbox.resolve("stdout"), stdout);
            Files.writeString(sandbox.resolve("stderr"), "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sandbox;
    }

    /** A command task: its executor id is its task id, as with Mesos' command executor. */
    public static TaskView commandTask(Path workDir, String frameworkId, TaskInfo task, String containerId,
                                       List<TaskStatus> statuses) {
        String executorId = task.getTaskId().getValue();
        return new TaskView(FrameworkID.newBuilder().setValue(frameworkId).build(), task, Optional.empty(),
                ExecutorID.newBuilder().setValue(executorId).build(), ContainerID.newBuilder().setValue(containerId).build(),
                sandbox(workDir, AGENT, frameworkId, executorId, containerId), statuses, 0);
    }

    /** A task of a group run by {@code executor}. */
    public static TaskView groupTask(Path workDir, String frameworkId, ExecutorInfo executor, TaskInfo task,
                                     String containerId, List<TaskStatus> statuses) {
        String executorId = executor.getExecutorId().getValue();
        return new TaskView(FrameworkID.newBuilder().setValue(frameworkId).build(), task, Optional.of(executor),
                executor.getExecutorId(), ContainerID.newBuilder().setValue(containerId).build(),
                sandbox(workDir, AGENT, frameworkId, executorId, containerId), statuses, 0);
    }

    public static AgentView view(Path workDir, List<FrameworkInfo> frameworks, List<TaskView> tasks, List<TaskView> completed) {
        return new AgentView(Optional.of(AgentID.newBuilder().setValue(AGENT).build()), "node-1.local", 5051,
                List.of(scalar("cpus", 4), scalar("mem", 8192), scalar("disk", 10240), ports(31000, 32000)),
                List.of(scalarAttribute("rack", 3), textAttribute("zone", "eu-1a"), rangesAttribute("slots", 1, 4)),
                workDir, STARTED, "0.1.0", true, frameworks, tasks, completed);
    }

    public static AgentView emptyView(Path workDir) {
        return view(workDir, List.of(), List.of(), List.of());
    }
}

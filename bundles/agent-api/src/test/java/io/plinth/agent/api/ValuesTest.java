package io.plinth.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

class ValuesTest {

    private static final TaskID TASK = TaskID.newBuilder().setValue("t").build();

    @Test
    void terminalStatesAreMesosTerminalStates() {
        for (TaskState state : TaskState.values()) {
            boolean expected = switch (state) {
                case TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_UNREACHABLE, TASK_UNKNOWN -> false;
                default -> true;
            };
            assertEquals(expected, StatusReport.isTerminal(state), state.name());
        }
    }

    @Test
    void reportsCarryOptionalDetail() {
        StatusReport report = StatusReport.of(TASK, TaskState.TASK_FAILED, TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED, "exit 1");
        assertEquals(Optional.of("exit 1"), report.message());
        assertTrue(report.isTerminal());
        assertEquals(Optional.of(false), StatusReport.of(TASK, TaskState.TASK_RUNNING).withHealthy(false).healthy());
        assertFalse(StatusReport.of(TASK, TaskState.TASK_RUNNING).isTerminal());
    }

    @Test
    void launchNeedsAFrameworkIdAndATaskAndIsImmutable() {
        AgentID agent = AgentID.newBuilder().setValue("a").build();
        FrameworkInfo framework = FrameworkInfo.newBuilder().setUser("u").setName("f")
                .setId(FrameworkID.newBuilder().setValue("f")).build();
        TaskInfo task = TaskInfo.newBuilder().setName("t").setTaskId(TASK).setAgentId(agent).build();
        ContainerID container = ContainerID.newBuilder().setValue("c").build();
        List<TaskInfo> tasks = new ArrayList<>(List.of(task));
        TaskLaunch launch = new TaskLaunch(agent, "h1", framework, null, tasks, container, Path.of("/tmp/s"));
        tasks.clear();
        assertEquals(1, launch.tasks().size());
        assertFalse(launch.hasExecutor());
        assertThrows(IllegalArgumentException.class, () -> new TaskLaunch(agent, "h1", framework, null, List.of(), container, Path.of("/s")));
        assertThrows(IllegalArgumentException.class, () -> new TaskLaunch(agent, "h1", framework.toBuilder().clearId().build(), null,
                List.of(task), container, Path.of("/s")));
    }
}

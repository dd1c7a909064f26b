package io.plinth.agent.process.container;

import io.plinth.agent.api.StatusReport;
import io.plinth.agent.process.container.Checkpoint.Cause;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;

/** How a task ended, from why the agent ended it (if it did) and the status its supervisor recorded. Pure. */
final class Outcome {

    private static final String[] SIGNALS = {"", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
        "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM"};

    private Outcome() {
    }

    /**
     * @param exitStatus the shell's {@code $?} for the task: its exit code, or 128 + the signal that ended it
     *                   (a task can also exit with such a code itself; the shell cannot tell them apart)
     */
    static StatusReport of(TaskID taskId, Cause cause, Optional<Integer> exitStatus, long memLimitBytes, long peakRssBytes) {
        String how = exitStatus.map(Outcome::describe).orElse("The task's supervisor ended without recording an exit status");
        return switch (cause) {
            case MEMORY -> StatusReport.of(taskId, TaskState.TASK_FAILED, Reason.REASON_CONTAINER_LIMITATION_MEMORY,
                    "Memory limit exceeded: Requested: " + megabytes(memLimitBytes) + "MB Maximum Used: "
                            + megabytes(peakRssBytes) + "MB");
            case KILL -> StatusReport.of(taskId, TaskState.TASK_KILLED, null, how);
            case HEALTH -> StatusReport.of(taskId, TaskState.TASK_KILLED, Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED,
                    "Killed after failing its health checks; " + how).withHealthy(false);
            case NONE -> exitStatus.isEmpty()
                    ? StatusReport.of(taskId, TaskState.TASK_FAILED, Reason.REASON_EXECUTOR_TERMINATED, how)
                    : exitStatus.get() == 0
                    ? StatusReport.of(taskId, TaskState.TASK_FINISHED, null, how)
                    : StatusReport.of(taskId, TaskState.TASK_FAILED, Reason.REASON_COMMAND_EXECUTOR_FAILED, how);
        };
    }

    static String describe(int status) {
        int signal = status - 128;
        if (signal > 0 && signal < SIGNALS.length) {
            return "Command terminated with signal " + SIGNALS[signal] + " (exit status " + status + ")";
        }
        return "Command exited with status " + status;
    }

    private static long megabytes(long bytes) {
        return (bytes + 1024 * 1024 - 1) / (1024 * 1024);
    }
}

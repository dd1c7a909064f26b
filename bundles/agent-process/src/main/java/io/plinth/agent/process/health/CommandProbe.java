package io.plinth.agent.process.health;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;

/**
 * Runs the check's command in the task's sandbox with the task's environment; exit status 0 within the
 * timeout is healthy. On timeout or close the command's whole process tree is killed.
 *
 * <p>Output is discarded: nobody reads it, and an unread pipe would stall a chatty command until it
 * timed out. The command runs as the agent's user; {@code command.user} and {@code command.uris} are
 * ignored.
 */
final class CommandProbe implements Probe {

    /** What Mesos gives a command whose environment has no PATH, so {@code sleep} and friends are found. */
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final List<String> argv;
    private final Map<String, String> environment;
    private final Path directory;
    private final Duration timeout;
    private final String what;
    private final Object lock = new Object();

    // guarded by lock
    private boolean closed;
    private Process inFlight;

    CommandProbe(CommandInfo command, Map<String, String> taskEnvironment, Path directory, Duration timeout) {
        this.argv = argv(command);
        this.environment = environment(command, taskEnvironment);
        this.directory = directory;
        this.timeout = timeout;
        this.what = "command '" + (command.hasShell() && !command.getShell() ? String.join(" ", argv) : command.getValue())
                + "'";
    }

    /** {@code /bin/sh -c value} for a shell command; otherwise value as the program, arguments[1..] after it. */
    static List<String> argv(CommandInfo command) {
        boolean shell = !command.hasShell() || command.getShell();
        if (shell) {
            return List.of("/bin/sh", "-c", command.getValue());
        }
        // arguments[0] is argv[0] in Mesos; Java cannot set argv[0] apart from the program, so it is dropped.
        List<String> argv = new ArrayList<>();
        argv.add(command.getValue());
        List<String> arguments = command.getArgumentsList();
        argv.addAll(arguments.subList(Math.min(1, arguments.size()), arguments.size()));
        return List.copyOf(argv);
    }

    /** The task's environment, then the check's own variables over it, and a PATH if neither has one. */
    static Map<String, String> environment(CommandInfo command, Map<String, String> taskEnvironment) {
        Map<String, String> environment = new LinkedHashMap<>(taskEnvironment);
        if (command.hasEnvironment()) {
            for (Environment.Variable variable : command.getEnvironment().getVariablesList()) {
                environment.put(variable.getName(), variable.getValue());
            }
        }
        environment.putIfAbsent("PATH", DEFAULT_PATH);
        return Map.copyOf(environment);
    }

    @Override
    public Result check() {
        Process process;
        synchronized (lock) {
            if (closed) {
                return Result.unhealthy(what + " not run: checker closed");
            }
            // Started under the lock so that close() either sees the process or stops it from starting.
            try {
                process = start();
            } catch (IOException | RuntimeException e) {
                return Result.unhealthy(what + " could not be started: " + Probe.describe(e));
            }
            inFlight = process;
        }
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                destroyTree(process.toHandle());
                // Reaped before the next check starts, so two runs of a slow command never overlap.
                process.waitFor(1, TimeUnit.SECONDS);
                return Result.unhealthy(what + " timed out after " + Probe.seconds(timeout));
            }
            int status = process.exitValue();
            synchronized (lock) {
                if (closed) {
                    return Result.unhealthy(what + " aborted: checker closed");
                }
            }
            return status == 0
                    ? Result.healthy(what + " exited with status 0")
                    : Result.unhealthy(what + " exited with status " + status);
        } catch (InterruptedException e) {
            destroyTree(process.toHandle());
            Thread.currentThread().interrupt();
            return Result.unhealthy(what + " interrupted");
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
        }
    }

    private Process start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        // Only the task's environment: the agent's own (credentials, JVM settings) is none of the check's business.
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            process.getOutputStream().close(); // stdin at EOF: a check that reads input must not hang on it
        } catch (IOException ignored) {
            // The process may already be gone; its exit status tells the rest.
        }
        return process;
    }

    @Override
    public void close() {
        Process abort;
        synchronized (lock) {
            closed = true;
            abort = inFlight;
        }
        if (abort != null) {
            destroyTree(abort.toHandle());
        }
    }

    /**
     * Kills {@code root} and everything below it. Parents go before their children, so a shell cannot
     * start its next command when its current one dies; each process's children are listed just before
     * it is killed, because once it is dead they belong to init and can no longer be found from here.
     * A process forked in the instant between listing and killing its parent escapes; Java offers no
     * process groups to close that gap.
     */
    static void destroyTree(ProcessHandle root) {
        Deque<ProcessHandle> pending = new ArrayDeque<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            ProcessHandle next = pending.poll();
            List<ProcessHandle> children = next.children().toList();
            next.destroyForcibly();
            pending.addAll(children);
        }
    }
}

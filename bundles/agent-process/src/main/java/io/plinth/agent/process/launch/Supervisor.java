package io.plinth.agent.process.launch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a task under a supervisor: a small POSIX shell that outlives the agent's JVM, waits for the
 * task and writes its exit status into the container's control directory, so that an agent that
 * was down when its task ended still learns how it ended (Mesos keeps an executor process per task
 * for the same reason; a JVM cannot wait for a process it did not start).
 *
 * <pre>
 *  agent JVM ──setsid──► supervisor (sh, session S)        writes  control/exit_status
 *                          └──setsid──► task (session T = its pid)   writes control/task.pid, then execs the command
 * </pre>
 *
 * The task gets a session of its own, so a kill reaches everything it started (the whole session)
 * but not the supervisor, which stays to record the status. Both sessions are also apart from the
 * agent's, so nothing that happens to the agent's terminal or process group reaches them.
 * The files are written without a rename (a rename is one more process per launch): a reader sees
 * an empty or partial {@code task.pid} only while it is being written and reads again;
 * {@code exit_status} is read only after the supervisor is gone.
 */
public final class Supervisor {

    /** File in the control directory holding the task's pid (= its session and process group). */
    public static final String TASK_PID = "task.pid";
    /** File in the control directory holding the task's exit status as the shell reports it ({@code $?}). */
    public static final String EXIT_STATUS = "exit_status";

    // $1 control directory, $2 cgroup.procs file or "", then the task's argv. A status above 128 is
    // the shell's way of saying "killed by signal (status - 128)".
    private static final String SCRIPT = ""
            + "d=$1; c=$2; shift 2\n"
            + "if [ -n \"$c\" ]; then echo $$ > \"$c\" || exit 125; fi\n"
            + "SETSID /bin/sh -c 'echo $$ > \"$0/" + TASK_PID + "\" && exec \"$@\"' \"$d\" \"$@\"\n"
            + "echo $? > \"$d/" + EXIT_STATUS + "\"\n";

    private final String setsid;
    private final String script;

    public Supervisor(String setsid) {
        this.setsid = setsid;
        this.script = SCRIPT.replace("SETSID", setsid);
    }

    /** Finds util-linux' {@code setsid} on the agent's PATH. */
    public static Supervisor onPath(String path) {
        return new Supervisor(executable(path, "setsid"));
    }

    /** The absolute path of {@code name} on {@code path}; the tasks' own PATH may differ from the agent's. */
    public static String executable(String path, String name) {
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath().toString();
            }
        }
        throw new IllegalStateException(name + " (util-linux) is not on PATH " + path + ": the agent cannot run tasks");
    }

    /**
     * Starts the supervisor of one task: working directory, {@code stdout} and {@code stderr} files
     * in the sandbox, input from {@code /dev/null}, exactly {@code env} as environment.
     *
     * @param argv        the task's command line
     * @param control     the container's control directory (exists)
     * @param cgroupProcs a cgroup's {@code cgroup.procs} the supervisor joins first, so the task is born inside it
     * @return the supervisor process; its pid is fixed for the task's whole life
     */
    public Process start(List<String> argv, Map<String, String> env, Path sandbox, Path control,
                         Optional<Path> cgroupProcs) throws IOException {
        List<String> command = new ArrayList<>(argv.size() + 7);
        command.add(setsid);
        command.add("/bin/sh");
        command.add("-c");
        command.add(script);
        command.add("plinth-supervisor");
        command.add(control.toString());
        command.add(cgroupProcs.map(Path::toString).orElse(""));
        command.addAll(argv);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(sandbox.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stdout").toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(sandbox.resolve("stderr").toFile()));
        builder.environment().clear();
        builder.environment().putAll(env);
        return builder.start();
    }

    /** The task's pid once it has written it. */
    public static Optional<Long> taskPid(Path control) {
        try {
            String text = Files.readString(control.resolve(TASK_PID)).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The exit status the supervisor recorded, if it did. */
    public static Optional<Integer> exitStatus(Path control) {
        try {
            String text = Files.readString(control.resolve(EXIT_STATUS)).trim();
            return text.isEmpty() ? Optional.empty() : Optional.of(Integer.parseInt(text));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}

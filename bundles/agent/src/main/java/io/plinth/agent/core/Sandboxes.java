package io.plinth.agent.core;

import java.nio.file.Path;

/**
 * Where launches run, Mesos' layout below the work directory:
 * {@code slaves/<agent>/frameworks/<framework>/executors/<executor>/runs/<container>}. A command
 * task's executor id is its task id, as with Mesos' command executor. Kept like Mesos so its tools'
 * habits (and a later sandbox browser) carry over.
 */
public final class Sandboxes {

    private Sandboxes() {
    }

    public static Path sandbox(Path workDir, String agentId, String frameworkId, String executorId, String containerId) {
        return workDir.resolve("slaves").resolve(safe(agentId))
                .resolve("frameworks").resolve(safe(frameworkId))
                .resolve("executors").resolve(safe(executorId))
                .resolve("runs").resolve(safe(containerId));
    }

    /** Ids come from frameworks: one with a separator or a dot-only name must not leave its directory. */
    static String safe(String id) {
        if (id.isEmpty() || id.equals(".") || id.equals("..") || id.indexOf('/') >= 0 || id.indexOf('\\') >= 0
                || id.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("id '" + id + "' cannot name a directory");
        }
        return id;
    }
}

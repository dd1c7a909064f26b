package io.plinth.agent.process.container;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the process containerizer runs tasks. Immutable.
 *
 * @param baseEnvironment  variables every task inherits from the agent ({@code PATH}, {@code LANG}, ...)
 * @param defaultGrace     time between SIGTERM and SIGKILL when neither the kill nor the task names one
 * @param monitorInterval  how often the process table is read for usage, memory limits and adopted tasks' ends
 * @param enforceMemory    whether a task whose processes together exceed its memory is killed (without cgroups)
 * @param switchUser       whether tasks run as their command's or framework's user when the agent is root
 * @param launchThreads    launches prepared (fetch, sandbox, spawn) in parallel
 */
public record ProcessSettings(Map<String, String> baseEnvironment, Duration defaultGrace, Duration monitorInterval,
                              boolean enforceMemory, boolean switchUser, int launchThreads) {

    public ProcessSettings {
        baseEnvironment = Map.copyOf(baseEnvironment);
        Objects.requireNonNull(defaultGrace, "defaultGrace");
        if (defaultGrace.isNegative()) {
            throw new IllegalArgumentException("defaultGrace must not be negative");
        }
        if (monitorInterval.isNegative() || monitorInterval.isZero()) {
            throw new IllegalArgumentException("monitorInterval must be positive");
        }
        if (launchThreads < 1) {
            throw new IllegalArgumentException("launchThreads must be at least 1");
        }
    }
}

package io.plinth.agent.process.health;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how one task's health check reaches the task.
 *
 * @param host        the address the task listens on, used by HTTP and TCP checks ({@code 127.0.0.1}
 *                    for host networking; an IPv6 literal may be given with or without brackets)
 * @param environment the task's environment; a COMMAND check runs with exactly this environment plus
 *                    the check's own variables (never the agent's). {@code null} means empty.
 * @param sandbox     the task's sandbox, the working directory of a COMMAND check; may be {@code null}
 *                    only for HTTP and TCP checks
 */
public record HealthTarget(String host, Map<String, String> environment, Path sandbox) {

    public HealthTarget {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        environment = environment == null ? Map.of() : Map.copyOf(environment);
    }
}

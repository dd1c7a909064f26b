package io.plinth.agent.process.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.HealthCheck.Type;

/**
 * The timing of a validated {@link HealthCheck}, with Mesos' defaults applied to unset fields, and the
 * type it resolves to. Field names in messages are the proto's, so a framework author can find them.
 */
record CheckSettings(Type type, Duration delay, Duration interval, Duration timeout, int consecutiveFailures,
                     Duration gracePeriod) {

    static final double DEFAULT_DELAY_SECONDS = 15;
    static final double DEFAULT_INTERVAL_SECONDS = 10;
    static final double DEFAULT_TIMEOUT_SECONDS = 20;
    static final int DEFAULT_CONSECUTIVE_FAILURES = 3;
    static final double DEFAULT_GRACE_PERIOD_SECONDS = 10;

    /** Validates {@code check} and resolves it; throws with every problem found, not just the first. */
    static CheckSettings of(HealthCheck check) {
        if (check == null) {
            throw new IllegalArgumentException("health_check is required");
        }
        List<String> problems = new ArrayList<>();
        Type type = resolveType(check, problems);
        if (type != null) {
            switch (type) {
                case HTTP -> checkHttp(check, problems);
                case TCP -> checkTcp(check, problems);
                case COMMAND -> checkCommand(check, problems);
                default -> throw new AssertionError(type);
            }
        }
        double delay = seconds("delay_seconds", check.hasDelaySeconds(), check.getDelaySeconds(),
                DEFAULT_DELAY_SECONDS, false, problems);
        double interval = seconds("interval_seconds", check.hasIntervalSeconds(), check.getIntervalSeconds(),
                DEFAULT_INTERVAL_SECONDS, false, problems);
        // Zero would make every check time out at once (and java.net.http refuses a zero timeout).
        double timeout = seconds("timeout_seconds", check.hasTimeoutSeconds(), check.getTimeoutSeconds(),
                DEFAULT_TIMEOUT_SECONDS, true, problems);
        double grace = seconds("grace_period_seconds", check.hasGracePeriodSeconds(), check.getGracePeriodSeconds(),
                DEFAULT_GRACE_PERIOD_SECONDS, false, problems);
        int failures = check.hasConsecutiveFailures() ? check.getConsecutiveFailures() : DEFAULT_CONSECUTIVE_FAILURES;
        if (failures < 0) {
            // uint32 on the wire: a negative int is a value above 2^31 - 1.
            problems.add("consecutive_failures must be at most " + Integer.MAX_VALUE + ", was "
                    + Integer.toUnsignedString(failures));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid health_check: " + String.join("; ", problems));
        }
        return new CheckSettings(type, duration(delay), duration(interval), duration(timeout), failures,
                duration(grace));
    }

    private static Type resolveType(HealthCheck check, List<String> problems) {
        if (check.hasType()) {
            Type type = check.getType();
            if (type == Type.HTTP || type == Type.TCP || type == Type.COMMAND) {
                return type;
            }
            problems.add("type " + type + " is not supported (expected COMMAND, HTTP or TCP)");
            return null;
        }
        // Checks written before Mesos 1.2 carry no type; the one filled-in field says which it is.
        List<Type> given = new ArrayList<>();
        if (check.hasCommand()) {
            given.add(Type.COMMAND);
        }
        if (check.hasHttp()) {
            given.add(Type.HTTP);
        }
        if (check.hasTcp()) {
            given.add(Type.TCP);
        }
        if (given.size() == 1) {
            return given.get(0);
        }
        problems.add(given.isEmpty()
                ? "type is not set and none of command, http, tcp is given"
                : "type is not set and more than one of command, http, tcp is given: " + given);
        return null;
    }

    private static void checkHttp(HealthCheck check, List<String> problems) {
        if (!check.hasHttp()) {
            problems.add("http is required for an HTTP health check");
            return;
        }
        HealthCheck.HTTPCheckInfo http = check.getHttp();
        checkPort("http.port", http.hasPort(), http.getPort(), problems);
        if (http.hasScheme() && !http.getScheme().equals("http") && !http.getScheme().equals("https")) {
            problems.add("http.scheme must be \"http\" or \"https\", was \"" + http.getScheme() + "\"");
        }
        if (http.hasPath() && !http.getPath().startsWith("/")) {
            problems.add("http.path must start with '/', was \"" + http.getPath() + "\"");
        }
    }

    private static void checkTcp(HealthCheck check, List<String> problems) {
        if (!check.hasTcp()) {
            problems.add("tcp is required for a TCP health check");
            return;
        }
        checkPort("tcp.port", check.getTcp().hasPort(), check.getTcp().getPort(), problems);
    }

    private static void checkPort(String field, boolean present, int port, List<String> problems) {
        if (!present) {
            problems.add(field + " is required");
        } else if (port < 1 || port > 65535) {
            problems.add(field + " must be between 1 and 65535, was " + Integer.toUnsignedString(port));
        }
    }

    private static void checkCommand(HealthCheck check, List<String> problems) {
        if (!check.hasCommand()) {
            problems.add("command is required for a COMMAND health check");
            return;
        }
        CommandInfo command = check.getCommand();
        if (!command.hasValue() || command.getValue().isBlank()) {
            problems.add("command.value is required");
        }
        if (!command.hasEnvironment()) {
            return;
        }
        List<Environment.Variable> variables = command.getEnvironment().getVariablesList();
        for (int i = 0; i < variables.size(); i++) {
            Environment.Variable variable = variables.get(i);
            String field = "command.environment.variables[" + i + "]";
            if (!variable.hasName() || variable.getName().isEmpty() || variable.getName().indexOf('=') >= 0
                    || variable.getName().indexOf('\0') >= 0) {
                problems.add(field + ".name must be a non-empty name without '=' or NUL");
            }
            Environment.Variable.Type type = variable.hasType() ? variable.getType() : Environment.Variable.Type.VALUE;
            if (type == Environment.Variable.Type.SECRET) {
                // Resolving secrets needs a secret resolver the agent does not have.
                problems.add(field + " is a SECRET, which is not supported");
            } else if (type != Environment.Variable.Type.VALUE) {
                problems.add(field + ".type " + type + " is not supported");
            } else if (!variable.hasValue()) {
                problems.add(field + ".value is required for a VALUE variable");
            } else if (variable.getValue().indexOf('\0') >= 0) {
                problems.add(field + ".value must not contain NUL");
            }
        }
    }

    private static double seconds(String field, boolean present, double value, double fallback, boolean positive,
                                  List<String> problems) {
        if (!present) {
            return fallback;
        }
        if (!Double.isFinite(value)) {
            problems.add(field + " must be a finite number, was " + value);
        } else if (positive && value <= 0) {
            problems.add(field + " must be positive, was " + value);
        } else if (value < 0) {
            problems.add(field + " must not be negative, was " + value);
        }
        return value;
    }

    /** Seconds to a duration; absurdly large values saturate (the double-to-long cast does) instead of failing. */
    private static Duration duration(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}

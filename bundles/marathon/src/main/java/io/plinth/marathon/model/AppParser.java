package io.plinth.marathon.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.FetchUri;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.PortDefinition;
import io.plinth.marathon.api.UnreachableStrategy;
import io.plinth.marathon.api.UpgradeStrategy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * Reads an app definition from the JSON of {@code POST /v2/apps}, {@code PUT/PATCH /v2/apps/{id}} or a
 * member of a group, fills in Marathon's defaults and validates it. Malformed input never throws: every
 * problem becomes a {@link Violation} naming the field as Marathon's 422 does. Unknown members (the
 * read-only {@code tasksRunning}, {@code deployments}, {@code version}, ... that clients echo back) are
 * ignored, and so are the legacy {@code ports}/{@code uris} when they repeat {@code portDefinitions}/
 * {@code fetch}, so an app as GET shows it can be PUT back unchanged.
 *
 * <p>Stateless apart from the two constraint callbacks; safe to call from any thread if they are.
 */
public final class AppParser {

    /** Marathon's protocols of a port definition. */
    public static final Set<String> PORT_PROTOCOLS = Set.of("tcp", "udp", "udp,tcp");
    /** Marathon's health check protocols. */
    public static final Set<String> HEALTH_CHECK_PROTOCOLS =
            Set.of("HTTP", "HTTPS", "TCP", "COMMAND", "MESOS_HTTP", "MESOS_HTTPS", "MESOS_TCP");
    private static final Set<String> HTTP_KINDS = Set.of("HTTP", "HTTPS", "MESOS_HTTP", "MESOS_HTTPS");

    private final Predicate<String> knownConstraintOperator;
    private final BiFunction<String, List<String>, Optional<String>> constraintProblem;

    /**
     * @param knownConstraintOperator whether an upper-case operator name ({@code UNIQUE}) is available
     * @param constraintProblem       for a known operator and the whole constraint ({@code [field, OP]} or
     *                                {@code [field, OP, value]}), why it is malformed, or empty
     */
    public AppParser(Predicate<String> knownConstraintOperator,
                     BiFunction<String, List<String>, Optional<String>> constraintProblem) {
        this.knownConstraintOperator = knownConstraintOperator;
        this.constraintProblem = constraintProblem;
    }

    /**
     * Parses one app.
     *
     * @param json      the request body (or one member of a group's {@code apps})
     * @param baseGroup the group a relative {@code id} is taken against ({@code /} for {@code /v2/apps})
     * @param current   the stored app of that id, or null
     * @param partial   with a {@code current} app, only the members present in {@code json} change it
     *                  (PATCH, PUT with {@code partialUpdate=true}); otherwise members left out or null
     *                  take Marathon's defaults
     * @return the app with {@code version}/{@code versionInfo} of {@code current} (the caller stamps new
     *         ones) and port 0 where a service port is still to be assigned, or the violations
     */
    public Parsed<AppDefinition> parse(JsonNode json, String baseGroup, AppDefinition current, boolean partial) {
        if (json == null || !json.isObject()) {
            return Parsed.failed(List.of(new Violation("/", "expected a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        Fields f = new Fields(json, "", violations);
        AppDefinition base = partial && current != null ? current : defaults(current);

        String id = base.id();
        String givenId = f.string("id");
        if (givenId != null) {
            id = PathIds.canonical(givenId, baseGroup);
        }
        String cmd = base.cmd();
        List<String> args = base.args();
        if (f.given("cmd") || f.given("args")) {
            // Giving one of the two in a partial update replaces the other; giving both is still an error.
            cmd = f.string("cmd");
            args = f.strings("args");
        }
        if (args != null && args.isEmpty()) {
            args = null;
        }
        String user = f.given("user") ? f.string("user") : base.user();
        Map<String, String> env = orElse(f.stringMap("env", "secrets are not supported"), base.env());
        int instances = orElse(f.integer("instances"), base.instances());
        double cpus = orElse(f.number("cpus"), base.cpus());
        double mem = orElse(f.number("mem"), base.mem());
        double disk = orElse(f.number("disk"), base.disk());
        double gpus = orElse(f.number("gpus"), base.gpus());
        List<List<String>> constraints = orElse(constraints(f), base.constraints());
        List<FetchUri> fetch = orElse(fetch(f), base.fetch());
        List<PortDefinition> portDefinitions = orElse(portDefinitions(f), base.portDefinitions());
        boolean requirePorts = orElse(f.bool("requirePorts"), base.requirePorts());
        List<HealthCheck> healthChecks = orElse(healthChecks(f), base.healthChecks());
        List<String> dependencies = orElse(f.strings("dependencies"), base.dependencies());
        UpgradeStrategy upgradeStrategy = orElse(upgradeStrategy(f), base.upgradeStrategy());
        double backoffSeconds = orElse(f.number("backoffSeconds"), base.backoffSeconds());
        double backoffFactor = orElse(f.number("backoffFactor"), base.backoffFactor());
        double maxLaunchDelaySeconds = orElse(f.number("maxLaunchDelaySeconds"), base.maxLaunchDelaySeconds());
        Map<String, String> labels = orElse(f.stringMap("labels", "expected a string"), base.labels());
        List<String> acceptedResourceRoles = f.given("acceptedResourceRoles")
                ? f.strings("acceptedResourceRoles") : base.acceptedResourceRoles();
        Integer taskKillGracePeriodSeconds = f.given("taskKillGracePeriodSeconds")
                ? f.integer("taskKillGracePeriodSeconds") : base.taskKillGracePeriodSeconds();
        String killSelection = orElse(f.string("killSelection"), base.killSelection());
        UnreachableStrategy unreachableStrategy = orElse(unreachableStrategy(f), base.unreachableStrategy());
        checkUnsupported(f);

        if (id == null) {
            violations.add(new Violation("/id", "id is required"));
        } else {
            PathIds.problem(id).ifPresent(problem -> violations.add(new Violation("/id", problem)));
            String parent = PathIds.parent(id);
            dependencies = dependencies.stream().map(dependency -> PathIds.canonical(dependency, parent)).toList();
        }
        AppDefinition app = new AppDefinition(id, cmd, args, user, env, instances, cpus, mem, disk, gpus, constraints,
                fetch, portDefinitions, requirePorts, healthChecks, dependencies, upgradeStrategy, backoffSeconds,
                backoffFactor, maxLaunchDelaySeconds, labels, acceptedResourceRoles, taskKillGracePeriodSeconds,
                killSelection, unreachableStrategy, base.version(), base.versionInfo());
        validate(app, violations);
        return violations.isEmpty() ? Parsed.of(app) : Parsed.failed(violations);
    }

    /** Marathon's defaults, keeping only the identity and versions of {@code current}. */
    private static AppDefinition defaults(AppDefinition current) {
        return new AppDefinition(current == null ? null : current.id(), null, null, null, Map.of(),
                AppDefinition.DEFAULT_INSTANCES, AppDefinition.DEFAULT_CPUS, AppDefinition.DEFAULT_MEM, 0, 0, List.of(),
                List.of(), List.of(new PortDefinition(0, "tcp", null, Map.of())), false, List.of(), List.of(),
                UpgradeStrategy.DEFAULT, AppDefinition.DEFAULT_BACKOFF_SECONDS, AppDefinition.DEFAULT_BACKOFF_FACTOR,
                AppDefinition.DEFAULT_MAX_LAUNCH_DELAY_SECONDS, Map.of(), null, null, AppDefinition.YOUNGEST_FIRST,
                UnreachableStrategy.DEFAULT, current == null ? null : current.version(),
                current == null ? null : current.versionInfo());
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static List<List<String>> constraints(Fields f) {
        JsonNode node = f.raw("constraints");
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            f.violation("constraints", "expected an array of [field, OPERATOR, value] arrays");
            return null;
        }
        List<List<String>> result = new ArrayList<>();
        boolean bad = false;
        for (int i = 0; i < node.size(); i++) {
            JsonNode constraint = node.get(i);
            List<String> parts = new ArrayList<>();
            if (constraint.isArray()) {
                constraint.forEach(part -> parts.add(part.isTextual() ? part.textValue() : null));
            }
            if (!constraint.isArray() || parts.size() < 2 || parts.size() > 3 || parts.contains(null)) {
                f.violation("constraints(" + i + ")", "a constraint is an array of 2 or 3 strings: [field, OPERATOR] "
                        + "or [field, OPERATOR, value]");
                bad = true;
                continue;
            }
            parts.set(1, parts.get(1).toUpperCase(Locale.ROOT));
            result.add(parts);
        }
        return bad ? null : result;
    }

    private static List<FetchUri> fetch(Fields f) {
        List<Fields> entries = f.objects("fetch");
        List<String> uris = f.strings("uris");
        if (entries == null || entries.isEmpty() && uris != null) {
            return uris == null ? null : uris.stream().map(FetchUri::legacy).toList();
        }
        List<FetchUri> result = new ArrayList<>();
        for (Fields entry : entries) {
            String uri = entry.string("uri");
            if (uri == null) {
                entry.violation("uri", "a fetch entry needs a uri");
            }
            result.add(new FetchUri(uri, orElse(entry.bool("extract"), true), orElse(entry.bool("executable"), false),
                    orElse(entry.bool("cache"), false), entry.string("destPath")));
        }
        if (uris != null && !uris.isEmpty() && !uris.equals(result.stream().map(FetchUri::uri).toList())) {
            f.violation("uris", "give either fetch or the legacy uris, not both");
        }
        return result;
    }

    private static List<PortDefinition> portDefinitions(Fields f) {
        List<Fields> entries = f.objects("portDefinitions");
        List<Integer> ports = integers(f, "ports");
        if (entries == null) {
            return ports == null ? null : ports.stream().map(port -> new PortDefinition(port, "tcp", null, Map.of())).toList();
        }
        List<PortDefinition> result = new ArrayList<>();
        for (Fields entry : entries) {
            result.add(new PortDefinition(orElse(entry.integer("port"), 0), orElse(entry.string("protocol"), "tcp"),
                    entry.string("name"), entry.stringMap("labels", "expected a string")));
        }
        if (ports != null && !ports.equals(result.stream().map(PortDefinition::port).toList())) {
            f.violation("ports", "ports and portDefinitions name different ports; give only portDefinitions");
        }
        return result;
    }

    private static List<Integer> integers(Fields f, String name) {
        JsonNode node = f.raw(name);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            f.violation(name, "expected an array of port numbers");
            return null;
        }
        List<Integer> result = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (!element.isIntegralNumber() || !element.canConvertToInt()) {
                f.violation(name + "(" + i + ")", "expected a port number");
                return null;
            }
            result.add(element.intValue());
        }
        return result;
    }

    private static List<HealthCheck> healthChecks(Fields f) {
        List<Fields> entries = f.objects("healthChecks");
        if (entries == null) {
            return null;
        }
        List<HealthCheck> result = new ArrayList<>();
        for (Fields entry : entries) {
            String protocol = orElse(entry.string("protocol"), "HTTP");
            Integer port = entry.integer("port");
            Integer portIndex = entry.integer("portIndex");
            if (!protocol.equals("COMMAND") && port == null && portIndex == null) {
                portIndex = 0;
            }
            String path = entry.string("path");
            if (path == null && HTTP_KINDS.contains(protocol)) {
                path = "/";
            }
            HealthCheck.Command command = null;
            Fields commandFields = entry.object("command");
            if (commandFields != null) {
                command = new HealthCheck.Command(commandFields.string("value"));
            }
            result.add(new HealthCheck(protocol, path, portIndex, port, command,
                    orElse(entry.integer("gracePeriodSeconds"), HealthCheck.DEFAULT_GRACE_PERIOD_SECONDS),
                    orElse(entry.integer("intervalSeconds"), HealthCheck.DEFAULT_INTERVAL_SECONDS),
                    orElse(entry.integer("timeoutSeconds"), HealthCheck.DEFAULT_TIMEOUT_SECONDS),
                    orElse(entry.integer("maxConsecutiveFailures"), HealthCheck.DEFAULT_MAX_CONSECUTIVE_FAILURES),
                    orElse(entry.bool("ignoreHttp1xx"), false),
                    orElse(entry.integer("delaySeconds"), HealthCheck.DEFAULT_DELAY_SECONDS)));
        }
        return result;
    }

    private static UpgradeStrategy upgradeStrategy(Fields f) {
        Fields strategy = f.object("upgradeStrategy");
        if (strategy == null) {
            return null;
        }
        return new UpgradeStrategy(
                orElse(strategy.number("minimumHealthCapacity"), UpgradeStrategy.DEFAULT.minimumHealthCapacity()),
                orElse(strategy.number("maximumOverCapacity"), UpgradeStrategy.DEFAULT.maximumOverCapacity()));
    }

    private static UnreachableStrategy unreachableStrategy(Fields f) {
        Fields strategy = f.object("unreachableStrategy");
        if (strategy == null) {
            return null;
        }
        return new UnreachableStrategy(
                orElse(strategy.longInteger("inactiveAfterSeconds"), UnreachableStrategy.DEFAULT.inactiveAfterSeconds()),
                orElse(strategy.longInteger("expungeAfterSeconds"), UnreachableStrategy.DEFAULT.expungeAfterSeconds()));
    }

    /** Marathon features Plinth does not offer; accepted only in their empty or process-only forms. */
    private static void checkUnsupported(Fields f) {
        JsonNode container = f.raw("container");
        if (container != null) {
            boolean image = !container.isObject()
                    || "DOCKER".equalsIgnoreCase(container.path("type").asText(""))
                    || container.path("docker").hasNonNull("image")
                    || container.path("appc").hasNonNull("image");
            if (image) {
                f.violation("container", "containers are not supported: apps run as processes");
            }
        }
        JsonNode secrets = f.raw("secrets");
        if (secrets != null && !secrets.isEmpty()) {
            f.violation("secrets", "secrets are not supported");
        }
    }

    private void validate(AppDefinition app, List<Violation> violations) {
        Fields f = new Fields(null, "", violations);
        if ((app.cmd() == null) == (app.args() == null)) {
            violations.add(new Violation("/", app.cmd() == null
                    ? "AppDefinition must contain one of 'cmd' or 'args'"
                    : "AppDefinition must contain only one of 'cmd' or 'args', not both"));
        }
        if (app.cmd() != null && app.cmd().isBlank()) {
            f.violation("cmd", "cmd must not be blank");
        }
        if (app.user() != null && app.user().isBlank()) {
            f.violation("user", "user must not be blank");
        }
        if (app.instances() < 0) {
            f.violation("instances", "instances must be >= 0");
        }
        if (app.cpus() < 0) {
            f.violation("cpus", "cpus must be >= 0");
        }
        if (app.mem() < 0) {
            f.violation("mem", "mem must be >= 0");
        }
        if (app.disk() < 0) {
            f.violation("disk", "disk must be >= 0");
        }
        if (app.gpus() != 0) {
            f.violation("gpus", "gpus are not supported");
        }
        validatePorts(app, f);
        validateHealthChecks(app, violations);
        validateConstraints(app, f);
        for (int i = 0; i < app.fetch().size(); i++) {
            String uri = app.fetch().get(i).uri();
            if (uri != null && uri.isBlank()) {
                f.violation("fetch(" + i + ")/uri", "a fetch entry needs a non-blank uri");
            }
        }
        for (int i = 0; i < app.dependencies().size(); i++) {
            int index = i;
            PathIds.problem(app.dependencies().get(i))
                    .ifPresent(problem -> f.violation("dependencies(" + index + ")", problem));
        }
        UpgradeStrategy upgrade = app.upgradeStrategy();
        if (!(upgrade.minimumHealthCapacity() >= 0 && upgrade.minimumHealthCapacity() <= 1)) {
            f.violation("upgradeStrategy/minimumHealthCapacity", "must be between 0 and 1");
        }
        if (!(upgrade.maximumOverCapacity() >= 0 && upgrade.maximumOverCapacity() <= 1)) {
            f.violation("upgradeStrategy/maximumOverCapacity", "must be between 0 and 1");
        }
        if (app.backoffSeconds() < 0) {
            f.violation("backoffSeconds", "backoffSeconds must be >= 0");
        }
        if (app.backoffFactor() < 1) {
            f.violation("backoffFactor", "backoffFactor must be >= 1");
        }
        if (app.maxLaunchDelaySeconds() < 0) {
            f.violation("maxLaunchDelaySeconds", "maxLaunchDelaySeconds must be >= 0");
        }
        if (!app.killSelection().equals(AppDefinition.YOUNGEST_FIRST)
                && !app.killSelection().equals(AppDefinition.OLDEST_FIRST)) {
            f.violation("killSelection", "killSelection must be YOUNGEST_FIRST or OLDEST_FIRST");
        }
        if (app.acceptedResourceRoles() != null) {
            for (int i = 0; i < app.acceptedResourceRoles().size(); i++) {
                if (app.acceptedResourceRoles().get(i).isBlank()) {
                    f.violation("acceptedResourceRoles(" + i + ")", "a role must not be empty");
                }
            }
        }
        if (app.taskKillGracePeriodSeconds() != null && app.taskKillGracePeriodSeconds() < 0) {
            f.violation("taskKillGracePeriodSeconds", "taskKillGracePeriodSeconds must be >= 0");
        }
        UnreachableStrategy unreachable = app.unreachableStrategy();
        if (unreachable.inactiveAfterSeconds() < 0) {
            f.violation("unreachableStrategy/inactiveAfterSeconds", "must be >= 0");
        }
        if (unreachable.expungeAfterSeconds() < unreachable.inactiveAfterSeconds()) {
            f.violation("unreachableStrategy/expungeAfterSeconds", "must be >= inactiveAfterSeconds");
        }
    }

    private static void validatePorts(AppDefinition app, Fields f) {
        Set<Integer> servicePorts = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < app.portDefinitions().size(); i++) {
            PortDefinition definition = app.portDefinitions().get(i);
            String at = "portDefinitions(" + i + ")/";
            if (definition.port() < 0 || definition.port() > 65535) {
                f.violation(at + "port", "port must be between 0 and 65535");
            } else if (definition.port() != 0 && !servicePorts.add(definition.port())) {
                f.violation(at + "port", "service port " + definition.port() + " is given twice");
            }
            if (!PORT_PROTOCOLS.contains(definition.protocol())) {
                f.violation(at + "protocol", "protocol must be one of tcp, udp, udp,tcp");
            }
            if (definition.name() != null && !names.add(definition.name())) {
                f.violation(at + "name", "port name " + definition.name() + " is given twice");
            }
        }
        if (app.requirePorts() && app.portDefinitions().stream().anyMatch(definition -> definition.port() == 0)) {
            f.violation("requirePorts", "requirePorts needs every port to be given explicitly (non-zero)");
        }
    }

    private static void validateHealthChecks(AppDefinition app, List<Violation> violations) {
        for (int i = 0; i < app.healthChecks().size(); i++) {
            HealthCheck check = app.healthChecks().get(i);
            Fields f = new Fields(null, "/healthChecks(" + i + ")", violations);
            if (!HEALTH_CHECK_PROTOCOLS.contains(check.protocol())) {
                f.violation("protocol", "protocol must be one of "
                        + String.join(", ", HEALTH_CHECK_PROTOCOLS.stream().sorted().toList()));
                continue;
            }
            if (check.protocol().equals("COMMAND")) {
                if (check.command() == null || check.command().value() == null || check.command().value().isBlank()) {
                    f.violation("command", "a COMMAND health check needs command.value");
                }
            } else if (check.port() != null && check.portIndex() != null) {
                f.violation("port", "give either port or portIndex, not both");
            } else if (check.port() != null && (check.port() < 0 || check.port() > 65535)) {
                f.violation("port", "port must be between 0 and 65535");
            } else if (check.portIndex() != null
                    && (check.portIndex() < 0 || check.portIndex() >= app.portDefinitions().size())) {
                f.violation("portIndex", "portIndex " + check.portIndex() + " does not name one of the app's "
                        + app.portDefinitions().size() + " port definitions");
            }
            if (check.path() != null && !HTTP_KINDS.contains(check.protocol())) {
                f.violation("path", "path is only allowed for HTTP and HTTPS health checks");
            }
            if (check.gracePeriodSeconds() < 0) {
                f.violation("gracePeriodSeconds", "must be >= 0");
            }
            if (check.intervalSeconds() < 0) {
                f.violation("intervalSeconds", "must be >= 0");
            }
            if (check.timeoutSeconds() < 0) {
                f.violation("timeoutSeconds", "must be >= 0");
            } else if (check.timeoutSeconds() >= check.intervalSeconds()) {
                f.violation("timeoutSeconds", "timeoutSeconds must be less than intervalSeconds");
            }
            if (check.maxConsecutiveFailures() < 0) {
                f.violation("maxConsecutiveFailures", "must be >= 0");
            }
            if (check.delaySeconds() < 0) {
                f.violation("delaySeconds", "must be >= 0");
            }
        }
    }

    private void validateConstraints(AppDefinition app, Fields f) {
        for (int i = 0; i < app.constraints().size(); i++) {
            List<String> constraint = app.constraints().get(i);
            String operator = constraint.get(1);
            String at = "constraints(" + i + ")";
            if (!knownConstraintOperator.test(operator)) {
                f.violation(at, "unknown constraint operator " + operator);
            } else {
                constraintProblem.apply(operator, constraint).ifPresent(problem -> f.violation(at, problem));
            }
        }
    }
}

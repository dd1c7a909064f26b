package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.api.QueueItem;
import io.plinth.marathon.api.TaskCounts;
import io.plinth.marathon.api.TaskFailure;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link Marathon} for the REST layer's tests: apps in a map, tasks and deployments in
 * lists the test fills, every write recorded as a deployment {@code d-<n>} with version {@code v<n>}.
 * Validation is only what the tests need: a negative {@code cpus} is a 422.
 */
final class FakeMarathon implements Marathon {

    final ObjectMapper mapper = new ObjectMapper();
    final Map<String, AppDefinition> apps = new TreeMap<>();
    final Map<String, List<AppDefinition>> history = new TreeMap<>();
    final List<MarathonTask> tasks = new CopyOnWriteArrayList<>();
    final List<Deployment> deployments = new CopyOnWriteArrayList<>();
    final List<QueueItem> queue = new CopyOnWriteArrayList<>();
    final Map<String, TaskFailure> failures = new TreeMap<>();
    final TreeSet<String> groups = new TreeSet<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    static AppDefinition app(String id, String cmd, Map<String, String> labels, List<Integer> ports) {
        return new AppDefinition(id, cmd, null, null, null, 1, 1.0, 128.0, 0, 0, null, null,
                ports.stream().map(port -> new io.plinth.marathon.api.PortDefinition(port, "tcp", null, null)).toList(),
                false, null, null, null, 1.0, 1.15, 3600, labels, null, null, null, null, "2024-01-01T00:00:00.000Z", null);
    }

    static MarathonTask task(String id, String appId, String host, String state, List<Integer> ports) {
        return new MarathonTask(id, appId, "agent-1", host, state, "2024-01-01T00:00:00.000Z", null, "v1", ports,
                List.of(), List.of(), List.of());
    }

    synchronized void add(AppDefinition app) {
        apps.put(app.id(), app);
        history.computeIfAbsent(app.id(), id -> new ArrayList<>()).add(0, app);
    }

    @Override
    public synchronized Group root() {
        return group(Group.ROOT).orElseThrow();
    }

    @Override
    public synchronized Optional<AppDefinition> app(String id) {
        return Optional.ofNullable(apps.get(id));
    }

    @Override
    public synchronized Optional<Group> group(String id) {
        String prefix = id.equals("/") ? "/" : id + "/";
        boolean known = id.equals("/") || groups.contains(id) || apps.keySet().stream().anyMatch(app -> app.startsWith(prefix));
        if (!known) {
            return Optional.empty();
        }
        List<AppDefinition> direct = apps.values().stream()
                .filter(app -> app.id().startsWith(prefix) && app.id().indexOf('/', prefix.length()) < 0).toList();
        TreeSet<String> children = new TreeSet<>();
        apps.keySet().forEach(app -> child(prefix, app).ifPresent(children::add));
        groups.forEach(group -> child(prefix, group).ifPresent(children::add));
        List<Group> subgroups = children.stream().map(child -> group(child).orElseThrow()).toList();
        return Optional.of(new Group(id, direct, subgroups, List.of(), "2024-01-01T00:00:00.000Z"));
    }

    private static Optional<String> child(String prefix, String id) {
        if (!id.startsWith(prefix)) {
            return Optional.empty();
        }
        int slash = id.indexOf('/', prefix.length());
        return slash < 0 ? Optional.empty() : Optional.of(id.substring(0, slash));
    }

    @Override
    public synchronized List<String> appVersions(String id) {
        return history.getOrDefault(id, List.of()).stream().map(AppDefinition::version).toList();
    }

    @Override
    public synchronized Optional<AppDefinition> appVersion(String id, String version) {
        return history.getOrDefault(id, List.of()).stream().filter(app -> app.version().equals(version)).findFirst();
    }

    @Override
    public List<String> groupVersions(String id) {
        return group(id).isPresent() ? List.of("2024-01-01T00:00:00.000Z") : List.of();
    }

    @Override
    public Optional<Group> groupVersion(String id, String version) {
        return version.equals("2024-01-01T00:00:00.000Z") ? group(id) : Optional.empty();
    }

    @Override
    public List<MarathonTask> tasks() {
        return List.copyOf(tasks);
    }

    @Override
    public List<MarathonTask> tasks(String appId) {
        return tasks.stream().filter(task -> task.appId().equals(appId)).toList();
    }

    @Override
    public TaskCounts counts(String appId) {
        List<MarathonTask> of = tasks(appId);
        int running = (int) of.stream().filter(task -> task.state().equals("TASK_RUNNING")).count();
        int staged = (int) of.stream().filter(task -> task.state().equals("TASK_STAGING")).count();
        return new TaskCounts(staged, running, running, 0);
    }

    @Override
    public synchronized Optional<TaskFailure> lastTaskFailure(String appId) {
        return Optional.ofNullable(failures.get(appId));
    }

    @Override
    public List<Deployment> deployments() {
        return List.copyOf(deployments);
    }

    @Override
    public List<QueueItem> queue() {
        return List.copyOf(queue);
    }

    @Override
    public Optional<String> frameworkId() {
        return Optional.of("framework-1");
    }

    @Override
    public synchronized Created createApp(JsonNode app, boolean force) {
        AppDefinition parsed = parse(app, null);
        if (apps.containsKey(parsed.id())) {
            throw new ApiException(409, "An app with id [" + parsed.id() + "] already exists.");
        }
        DeploymentResult result = deploy("create " + parsed.id() + " force=" + force, parsed.id());
        AppDefinition created = parsed.withVersion(result.version(), null);
        add(created);
        return new Created(created, result, true);
    }

    @Override
    public synchronized Created putApp(String id, JsonNode app, boolean partial, boolean force) {
        AppDefinition existing = apps.get(id);
        JsonNode merged = app;
        if (existing != null && partial) {
            ObjectNode base = mapper.valueToTree(existing);
            base.setAll((ObjectNode) app);
            merged = base;
        }
        AppDefinition parsed = parse(merged, id);
        DeploymentResult result = deploy("put " + id + " partial=" + partial + " force=" + force, id);
        add(parsed.withVersion(result.version(), null));
        return new Created(apps.get(id), result, existing == null);
    }

    @Override
    public synchronized DeploymentResult putApps(JsonNode body, boolean partial, boolean force) {
        for (JsonNode app : body) {
            parse(app, null);
        }
        List<String> ids = new ArrayList<>();
        body.forEach(app -> ids.add(Params.absoluteId(app.path("id").asText())));
        DeploymentResult result = deploy("putApps " + ids + " partial=" + partial + " force=" + force,
                ids.toArray(String[]::new));
        return result;
    }

    @Override
    public synchronized DeploymentResult deleteApp(String id, boolean force) {
        if (apps.remove(id) == null) {
            throw ApiException.notFound("App '" + id + "' does not exist");
        }
        return deploy("delete " + id + " force=" + force, id);
    }

    @Override
    public synchronized DeploymentResult restartApp(String id, boolean force) {
        if (!apps.containsKey(id)) {
            throw ApiException.notFound("App '" + id + "' does not exist");
        }
        return deploy("restart " + id + " force=" + force, id);
    }

    @Override
    public synchronized DeploymentResult scaleApp(String id, int instances, boolean force) {
        return deploy("scale " + id + " " + instances, id);
    }

    @Override
    public synchronized Killed killTasks(List<String> taskIds, boolean scale, boolean wipe, boolean force,
                                         boolean strict) {
        List<MarathonTask> killed = tasks.stream().filter(task -> taskIds.contains(task.id())).toList();
        if (strict && killed.size() < taskIds.size()) {
            throw ApiException.notFound("Unknown task");
        }
        tasks.removeAll(killed);
        calls.add("kill " + killed.stream().map(MarathonTask::id).toList() + " scale=" + scale + " wipe=" + wipe);
        return new Killed(killed, scale ? deploy("scale down", killed.stream().map(MarathonTask::appId)
                .distinct().toArray(String[]::new)) : null);
    }

    @Override
    public synchronized DeploymentResult putGroup(String id, JsonNode group, boolean create, boolean force) {
        if (create && (groups.contains(id) || group(id).isPresent())) {
            throw new ApiException(409, "Group " + id + " is already created. Use PUT to change this group.");
        }
        groups.add(id);
        return deploy("putGroup " + id + " create=" + create + " force=" + force);
    }

    @Override
    public synchronized DeploymentResult deleteGroup(String id, boolean force) {
        if (group(id).isEmpty()) {
            throw ApiException.notFound("Group '" + id + "' does not exist");
        }
        groups.remove(id);
        apps.keySet().removeIf(app -> app.startsWith(id.equals("/") ? "/" : id + "/"));
        return deploy("deleteGroup " + id + " force=" + force);
    }

    @Override
    public synchronized DeploymentResult rollback(String deploymentId) {
        knownDeployment(deploymentId);
        return deploy("rollback " + deploymentId);
    }

    @Override
    public synchronized void cancel(String deploymentId) {
        knownDeployment(deploymentId);
        deployments.removeIf(deployment -> deployment.id().equals(deploymentId));
        calls.add("cancel " + deploymentId);
    }

    @Override
    public void resetDelay(String appId) {
        if (queue.stream().noneMatch(item -> item.app().id().equals(appId))) {
            throw ApiException.notFound("Application " + appId + " not found in tasks queue.");
        }
        calls.add("resetDelay " + appId);
    }

    @Override
    public void abdicate() {
        calls.add("abdicate");
    }

    private void knownDeployment(String id) {
        if (deployments.stream().noneMatch(deployment -> deployment.id().equals(id))) {
            throw ApiException.notFound("DeploymentPlan " + id + " does not exist");
        }
    }

    private DeploymentResult deploy(String call, String... affected) {
        int n = sequence.incrementAndGet();
        calls.add(call);
        DeploymentResult result = new DeploymentResult("d-" + n, "v" + n);
        deployments.add(new Deployment(result.deploymentId(), result.version(), List.of(affected), List.of(),
                List.of(), 1, 1));
        return result;
    }

    private AppDefinition parse(JsonNode json, String id) {
        if (json.path("cpus").asDouble(0) < 0) {
            throw ApiException.invalid(List.of(ErrorDetail.of("/cpus", "got " + json.path("cpus") + ", expected 0.0 or more")));
        }
        ObjectNode copy = ((ObjectNode) json).deepCopy();
        copy.remove(List.of("ports", "uris"));
        copy.put("id", Params.absoluteId(id != null ? id : json.path("id").asText()));
        try {
            return mapper.treeToValue(copy, AppDefinition.class);
        } catch (Exception e) {
            throw ApiException.badRequest("Invalid JSON: " + e.getMessage());
        }
    }
}

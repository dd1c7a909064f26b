package io.plinth.marathon.shell;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.HealthCheckResult;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.api.QueueItem;
import io.plinth.marathon.api.TaskCounts;
import io.plinth.marathon.api.TaskFailure;
import io.plinth.rest.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An init scheduler holding a small fixed cluster: {@code /web} (3 instances wanted, 2 running, one of
 * them healthy, an HTTP check, deployment {@code d-1} scaling it) and {@code /db/redis} (no checks).
 * Writes are recorded in {@link #calls} and answer deployment {@code d-2}; when {@link #failure} is set
 * every write throws it instead, as the real one does when it rejects a request.
 */
final class FakeMarathon implements Marathon {

    static final String LONG_CMD = "java -Xmx16m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC TinyHttp.java $PORT0";
    static final DeploymentResult NEW_DEPLOYMENT = new DeploymentResult("d-2", "2024-05-01T10:00:00.000Z");

    final List<String> calls = new ArrayList<>();
    ApiException failure;

    private final AppDefinition web = app("/web", LONG_CMD, 3, 0.5, 64,
            List.of(new HealthCheck("HTTP", "/health", 0, null, null, 300, 60, 20, 3, false, 15)));
    private final AppDefinition redis = app("/db/redis", "redis-server", 1, 1.0, 128, List.of());
    private final Group root;
    private final List<MarathonTask> tasks;
    private final List<Deployment> deployments;

    /** The fixture cluster. */
    FakeMarathon() {
        this(true);
    }

    private FakeMarathon(boolean populated) {
        root = populated ? fixtureRoot() : new Group("/", List.of(), List.of(), List.of(), "v1");
        tasks = populated ? fixtureTasks() : List.of();
        deployments = populated ? fixtureDeployments() : List.of();
    }

    /** A scheduler without apps, tasks or deployments. */
    static FakeMarathon empty() {
        return new FakeMarathon(false);
    }

    private Group fixtureRoot() {
        return new Group("/", List.of(web), List.of(new Group("/db", List.of(redis), List.of(), List.of(), "v1")),
                List.of(), "v1");
    }

    private static List<MarathonTask> fixtureTasks() {
        return List.of(
                task("db_redis.t1", "/db/redis", "a2.example", "TASK_STAGING", null, List.of(), List.of()),
                task("web.t1", "/web", "a1.example", "TASK_RUNNING", "2024-05-01T09:00:00.000Z", List.of(31000, 31001),
                        List.of(result(true))),
                task("web.t2", "/web", "a2.example", "TASK_RUNNING", "2024-05-01T09:01:00.000Z", List.of(31002, 31003),
                        List.of(result(false))),
                task("web.t3", "/web", "a3.example", "TASK_RUNNING", "2024-05-01T09:02:00.000Z", List.of(31004, 31005),
                        List.of()));
    }

    private static List<Deployment> fixtureDeployments() {
        return List.of(new Deployment("d-1", "2024-05-01T09:30:00.000Z", List.of("/web"),
                List.of(new Deployment.Step(List.of(new Deployment.Action("ScaleApplication", "/web"))),
                        new Deployment.Step(List.of(new Deployment.Action("RestartApplication", "/web")))),
                List.of(new Deployment.CurrentAction("ScaleApplication", "/web", List.of())), 1, 2));
    }

    static AppDefinition app(String id, String cmd, int instances, double cpus, double mem, List<HealthCheck> checks) {
        return new AppDefinition(id, cmd, null, null, null, instances, cpus, mem, 0, 0, null, null, null, false, checks,
                null, null, 1, 1.15, 3600, null, null, null, null, null, "2024-05-01T09:00:00.000Z", null);
    }

    private static MarathonTask task(String id, String appId, String host, String state, String startedAt,
            List<Integer> ports, List<HealthCheckResult> health) {
        return new MarathonTask(id, appId, "S-" + host, host, state, "2024-05-01T08:59:00.000Z", startedAt,
                "2024-05-01T09:00:00.000Z", ports, List.of(), List.of(), health);
    }

    private static HealthCheckResult result(boolean alive) {
        return new HealthCheckResult(alive, alive ? 0 : 2, null, null, null, null, null, null);
    }

    private void write(String call) {
        if (failure != null) {
            throw failure;
        }
        calls.add(call);
    }

    @Override
    public Group root() {
        return root;
    }

    @Override
    public Optional<AppDefinition> app(String id) {
        return Cells.apps(root).stream().filter(app -> app.id().equals(id)).findFirst();
    }

    @Override
    public Optional<Group> group(String id) {
        return id.equals("/") ? Optional.of(root) : Optional.empty();
    }

    @Override
    public List<String> appVersions(String id) {
        return app(id).map(app -> List.of(app.version())).orElse(List.of());
    }

    @Override
    public Optional<AppDefinition> appVersion(String id, String version) {
        return app(id).filter(app -> app.version().equals(version));
    }

    @Override
    public List<String> groupVersions(String id) {
        return List.of("v1");
    }

    @Override
    public Optional<Group> groupVersion(String id, String version) {
        return group(id);
    }

    @Override
    public List<MarathonTask> tasks() {
        return tasks;
    }

    @Override
    public List<MarathonTask> tasks(String appId) {
        return tasks.stream().filter(task -> task.appId().equals(appId)).toList();
    }

    @Override
    public TaskCounts counts(String appId) {
        return appId.equals("/web") ? new TaskCounts(0, 3, 1, 1) : new TaskCounts(1, 0, 0, 0);
    }

    @Override
    public Optional<TaskFailure> lastTaskFailure(String appId) {
        return appId.equals("/web")
                ? Optional.of(new TaskFailure("/web", "a1.example", "exited 1", "TASK_FAILED", "web.t0",
                        "2024-05-01T08:58:00.000Z", "2024-05-01T09:00:00.000Z", "S-a1.example"))
                : Optional.empty();
    }

    @Override
    public List<Deployment> deployments() {
        return deployments;
    }

    @Override
    public List<QueueItem> queue() {
        return List.of();
    }

    @Override
    public Optional<String> frameworkId() {
        return Optional.of("framework-1");
    }

    @Override
    public Created createApp(JsonNode app, boolean force) {
        String id = app.path("id").asText();
        write("createApp " + id + " cmd=" + app.path("cmd").asText() + " force=" + force);
        return new Created(app(id, app.path("cmd").asText(), 1, 1, 128, List.of()), NEW_DEPLOYMENT, true);
    }

    @Override
    public Created putApp(String id, JsonNode app, boolean partial, boolean force) {
        write("putApp " + id + " " + app + " partial=" + partial + " force=" + force);
        AppDefinition existing = app(id).orElse(null);
        return new Created(existing == null ? app(id, null, 1, 1, 128, List.of()) : existing, NEW_DEPLOYMENT,
                existing == null);
    }

    @Override
    public DeploymentResult putApps(JsonNode apps, boolean partial, boolean force) {
        write("putApps");
        return NEW_DEPLOYMENT;
    }

    @Override
    public DeploymentResult deleteApp(String id, boolean force) {
        write("deleteApp " + id + " force=" + force);
        return NEW_DEPLOYMENT;
    }

    @Override
    public DeploymentResult restartApp(String id, boolean force) {
        write("restartApp " + id + " force=" + force);
        return NEW_DEPLOYMENT;
    }

    @Override
    public DeploymentResult scaleApp(String id, int instances, boolean force) {
        write("scaleApp " + id + " " + instances + " force=" + force);
        return NEW_DEPLOYMENT;
    }

    @Override
    public Killed killTasks(List<String> taskIds, boolean scale, boolean wipe, boolean force, boolean strict) {
        List<MarathonTask> killed = tasks.stream().filter(task -> taskIds.contains(task.id())).toList();
        if (strict && killed.size() < taskIds.size()) {
            throw ApiException.notFound("Task '" + taskIds.stream()
                    .filter(id -> killed.stream().noneMatch(task -> task.id().equals(id))).findFirst().orElseThrow()
                    + "' does not exist");
        }
        write("killTasks " + taskIds + " scale=" + scale + " wipe=" + wipe + " force=" + force + " strict=" + strict);
        return new Killed(killed, scale ? NEW_DEPLOYMENT : null);
    }

    @Override
    public DeploymentResult putGroup(String id, JsonNode group, boolean create, boolean force) {
        write("putGroup " + id);
        return NEW_DEPLOYMENT;
    }

    @Override
    public DeploymentResult deleteGroup(String id, boolean force) {
        write("deleteGroup " + id);
        return NEW_DEPLOYMENT;
    }

    @Override
    public DeploymentResult rollback(String deploymentId) {
        write("rollback " + deploymentId);
        return NEW_DEPLOYMENT;
    }

    @Override
    public void cancel(String deploymentId) {
        write("cancel " + deploymentId);
    }

    @Override
    public void resetDelay(String appId) {
        write("resetDelay " + appId);
    }

    @Override
    public void abdicate() {
        write("abdicate");
    }
}

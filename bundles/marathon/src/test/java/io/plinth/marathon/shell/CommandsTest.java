package io.plinth.marathon.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

    private final FakeMarathon marathon = new FakeMarathon();

    /** What the command prints, line by line; Karaf gives each session its own System.out, a test borrows the JVM's. */
    private static List<String> run(Action command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertNull(command.execute());
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The cells of a ShellTable row (it separates them with " | " when not printing to a terminal). */
    private static List<String> cells(String row) {
        return Arrays.stream(row.split("\\|")).map(String::strip).toList();
    }

    @Test
    void appListShowsOneRowPerAppSortedById() throws Exception {
        AppListCommand command = new AppListCommand();
        command.marathon = marathon;
        List<String> lines = run(command);
        assertEquals(List.of("ID", "INSTANCES", "CPUS", "MEM", "HEALTH", "DEPLOYMENTS", "CMD"), cells(lines.get(0)));
        assertTrue(lines.get(1).matches("-+\\+-.*"), lines.get(1));
        assertEquals(List.of("/db/redis", "0/1", "1", "128", "-", "0", "redis-server"), cells(lines.get(2)));
        assertEquals(List.of("/web", "3/3", "0.5", "64", "1/3", "1", "java -Xmx16m -XX:TieredStopAtLevel=1 ..."),
                cells(lines.get(3)));
        assertEquals(4, lines.size(), String.join("\n", lines));
    }

    @Test
    void appShowPrintsTheDefinitionWithCountsDeploymentsAndLastFailure() throws Exception {
        AppShowCommand command = new AppShowCommand();
        command.marathon = marathon;
        command.id = "web";
        List<String> lines = run(command);
        assertEquals("{", lines.get(0));
        assertTrue(lines.size() > 20, "pretty-printed, one field per line");
        JsonNode app = new ObjectMapper().readTree(String.join("\n", lines));
        assertEquals("/web", app.path("id").asText());
        assertEquals(FakeMarathon.LONG_CMD, app.path("cmd").asText());
        assertEquals(3, app.path("instances").asInt());
        assertEquals("/health", app.path("healthChecks").path(0).path("path").asText());
        assertEquals(0, app.path("tasksStaged").asInt());
        assertEquals(3, app.path("tasksRunning").asInt());
        assertEquals(1, app.path("tasksHealthy").asInt());
        assertEquals(1, app.path("tasksUnhealthy").asInt());
        assertEquals("d-1", app.path("deployments").path(0).path("id").asText());
        assertEquals(1, app.path("deployments").size());
        assertEquals("web.t0", app.path("lastTaskFailure").path("taskId").asText());

        command.id = "/db/redis";
        JsonNode redis = new ObjectMapper().readTree(String.join("\n", run(command)));
        assertEquals(0, redis.path("deployments").size());
        assertTrue(redis.path("lastTaskFailure").isMissingNode());

        command.id = "/nope";
        assertEquals(List.of("Error 404: App '/nope' does not exist"), run(command));
    }

    @Test
    void appAddTakesInlineJsonOrAFile(@TempDir Path dir) throws Exception {
        AppAddCommand command = new AppAddCommand();
        command.marathon = marathon;
        command.definition = " {\"id\": \"/new\", \"cmd\": \"sleep 1000\"}";
        assertEquals(List.of("Created app /new; deployment d-2"), run(command));

        Path file = dir.resolve("app.json");
        Files.writeString(file, "{\"id\": \"/from-file\", \"cmd\": \"sleep 10\"}");
        command.definition = file.toString();
        assertEquals(List.of("Created app /from-file; deployment d-2"), run(command));
        assertEquals(List.of("createApp /new cmd=sleep 1000 force=false", "createApp /from-file cmd=sleep 10 force=false"),
                marathon.calls);

        command.definition = dir.resolve("missing.json").toString();
        assertEquals(List.of("Error 400: No such file: " + dir.resolve("missing.json")), run(command));
        command.definition = "{\"id\": ";
        List<String> invalid = run(command);
        assertEquals(1, invalid.size());
        assertTrue(invalid.get(0).startsWith("Error 400: Invalid JSON: "), invalid.get(0));
        assertEquals(2, marathon.calls.size(), "bad input reaches no write");
    }

    @Test
    void writesPassTheirFlagsAndPrintTheDeployment() throws Exception {
        AppRemoveCommand remove = new AppRemoveCommand();
        remove.marathon = marathon;
        remove.id = "/web";
        assertEquals(List.of("Removing app /web; deployment d-2"), run(remove));
        remove.force = true;
        run(remove);

        AppRestartCommand restart = new AppRestartCommand();
        restart.marathon = marathon;
        restart.id = "db/redis";
        assertEquals(List.of("Restarting app /db/redis; deployment d-2"), run(restart));

        AppScaleCommand scale = new AppScaleCommand();
        scale.marathon = marathon;
        scale.id = "/web";
        scale.instances = 5;
        scale.force = true;
        assertEquals(List.of("Scaling app /web to 5 instances; deployment d-2"), run(scale));

        AppUpdateCommand update = new AppUpdateCommand();
        update.marathon = marathon;
        update.id = "/web";
        update.changes = "{\"cmd\": \"sleep 5\"}";
        assertEquals(List.of("Updated app /web; deployment d-2"), run(update));
        update.id = "/brand-new";
        assertEquals(List.of("Created app /brand-new; deployment d-2"), run(update));

        assertEquals(List.of(
                "deleteApp /web force=false",
                "deleteApp /web force=true",
                "restartApp /db/redis force=false",
                "scaleApp /web 5 force=true",
                "putApp /web {\"cmd\":\"sleep 5\"} partial=true force=false",
                "putApp /brand-new {\"cmd\":\"sleep 5\"} partial=true force=false"), marathon.calls);
    }

    @Test
    void aRejectedRequestPrintsMessageAndDetailsWithoutAStackTrace() throws Exception {
        marathon.failure = ApiException.invalid(List.of(
                ErrorDetail.of("/cpus", "must be greater than or equal to 0"),
                new ErrorDetail("/instances", List.of("must be an integer", "must not be negative"))));
        AppUpdateCommand update = new AppUpdateCommand();
        update.marathon = marathon;
        update.id = "/web";
        update.changes = "{\"cpus\": -1}";
        assertEquals(List.of(
                "Error 422: Object is not valid",
                "  /cpus: must be greater than or equal to 0",
                "  /instances: must be an integer; must not be negative"), run(update));

        marathon.failure = new ApiException(409, "App is locked by one or more deployments: d-1");
        AppScaleCommand scale = new AppScaleCommand();
        scale.marathon = marathon;
        scale.id = "/web";
        scale.instances = 1;
        assertEquals(List.of("Error 409: App is locked by one or more deployments: d-1"), run(scale));
        assertEquals(List.of(), marathon.calls);
    }

    @Test
    void deploymentsAreListedAndRolledBackOrCancelled() throws Exception {
        DeploymentListCommand list = new DeploymentListCommand();
        list.marathon = marathon;
        List<String> lines = run(list);
        assertEquals(List.of("ID", "VERSION", "AFFECTED APPS", "STEP", "CURRENT ACTIONS"), cells(lines.get(0)));
        assertEquals(List.of("d-1", "2024-05-01T09:30:00.000Z", "/web", "1/2", "ScaleApplication /web"), cells(lines.get(2)));
        assertEquals(3, lines.size());

        DeploymentRollbackCommand rollback = new DeploymentRollbackCommand();
        rollback.marathon = marathon;
        rollback.id = "d-1";
        assertEquals(List.of("Rolling back deployment d-1; deployment d-2"), run(rollback));
        rollback.force = true;
        assertEquals(List.of("Cancelled deployment d-1 without rollback"), run(rollback));
        assertEquals(List.of("rollback d-1", "cancel d-1"), marathon.calls);
    }

    @Test
    void emptyListsSaySo() throws Exception {
        FakeMarathon empty = FakeMarathon.empty();
        DeploymentListCommand deployments = new DeploymentListCommand();
        deployments.marathon = empty;
        assertEquals(List.of("No deployments."), run(deployments));
        AppListCommand apps = new AppListCommand();
        apps.marathon = empty;
        assertEquals(List.of("No apps."), run(apps));
        TaskListCommand tasks = new TaskListCommand();
        tasks.marathon = empty;
        tasks.appId = "/none";
        assertEquals(List.of("No tasks."), run(tasks));
    }

    @Test
    void taskListShowsHealthPortsAndStart() throws Exception {
        TaskListCommand command = new TaskListCommand();
        command.marathon = marathon;
        List<String> lines = run(command);
        assertEquals(List.of("ID", "APP", "HOST", "STATE", "PORTS", "HEALTH", "STARTED"), cells(lines.get(0)));
        assertEquals(List.of("db_redis.t1", "/db/redis", "a2.example", "TASK_STAGING", "-", "-", "-"), cells(lines.get(2)));
        assertEquals(List.of("web.t1", "/web", "a1.example", "TASK_RUNNING", "31000,31001", "healthy", "2024-05-01T09:00:00.000Z"),
                cells(lines.get(3)));
        assertEquals("unhealthy", cells(lines.get(4)).get(5));
        assertEquals("unknown", cells(lines.get(5)).get(5));
        assertEquals(6, lines.size());

        command.appId = "db/redis";
        List<String> one = run(command);
        assertEquals(3, one.size());
        assertEquals("db_redis.t1", cells(one.get(2)).get(0));
    }

    @Test
    void taskKillReportsEachTaskAndTheScaleDeployment() throws Exception {
        TaskKillCommand command = new TaskKillCommand();
        command.marathon = marathon;
        command.taskIds = List.of("web.t1", "web.t2");
        assertEquals(List.of("Killed task web.t1 of /web", "Killed task web.t2 of /web"), run(command));
        command.scale = true;
        command.wipe = true;
        assertEquals(List.of("Killed task web.t1 of /web", "Killed task web.t2 of /web", "Scaling down; deployment d-2"),
                run(command));
        command.taskIds = List.of("web.t1", "web.t9");
        assertEquals(List.of("Error 404: Task 'web.t9' does not exist"), run(command));
        assertEquals(List.of(
                "killTasks [web.t1, web.t2] scale=false wipe=false force=false strict=true",
                "killTasks [web.t1, web.t2] scale=true wipe=true force=false strict=true"), marathon.calls);
    }

    @Test
    void whereTheSchedulerDoesNotRunEveryCommandNamesItsLeader() throws Exception {
        for (String name : NAMES) {
            assertEquals(List.of("The init scheduler does not run on this node: it leads on m2.example (10.0.0.9:8080)"),
                    run(command(name, FakeLeaderDetector.of(FakeLeaderDetector.OTHER_MASTER))), name);
            for (FakeLeaderDetector nobody : List.of(FakeLeaderDetector.none(), FakeLeaderDetector.unreachable())) {
                assertEquals(List.of("The init scheduler does not run on this node, and no node leads it"),
                        run(command(name, nobody)), name);
            }
            assertEquals(List.of("The init scheduler does not run on this node, and no node leads it"),
                    run(command(name, null)), name);
        }
    }

    @Test
    void aLeaderKnownOnlyByAddressIsNamedByIt() {
        LeaderInfo byIp = new LeaderInfo("marathon", "m", "10.0.0.9", "10.0.0.9", 8080, "0.1.0");
        assertEquals("The init scheduler does not run on this node: it leads on 10.0.0.9:8080",
                Shell.notRunningHere(FakeLeaderDetector.of(byIp)));
        LeaderInfo otherGroup = new LeaderInfo("mesos", "m", "m1", "10.0.0.1", 5050, "0.1.0");
        assertEquals("The init scheduler does not run on this node, and no node leads it",
                Shell.notRunningHere(FakeLeaderDetector.of(otherGroup)), "the mesos leader is not the init scheduler's");
    }

    private static final List<String> NAMES = List.of("app-add", "app-list", "app-show", "app-remove", "app-restart",
            "app-scale", "app-update", "deployment-list", "deployment-rollback", "task-list", "task-kill");

    /** The command with its arguments filled in and no init scheduler service, as on a node that does not lead. */
    private static Action command(String name, FakeLeaderDetector detector) {
        return switch (name) {
            case "app-add" -> {
                AppAddCommand c = new AppAddCommand();
                c.definition = "{\"id\":\"/x\"}";
                c.detector = detector;
                yield c;
            }
            case "app-list" -> {
                AppListCommand c = new AppListCommand();
                c.detector = detector;
                yield c;
            }
            case "app-show" -> {
                AppShowCommand c = new AppShowCommand();
                c.id = "/web";
                c.detector = detector;
                yield c;
            }
            case "app-remove" -> {
                AppRemoveCommand c = new AppRemoveCommand();
                c.id = "/web";
                c.detector = detector;
                yield c;
            }
            case "app-restart" -> {
                AppRestartCommand c = new AppRestartCommand();
                c.id = "/web";
                c.detector = detector;
                yield c;
            }
            case "app-scale" -> {
                AppScaleCommand c = new AppScaleCommand();
                c.id = "/web";
                c.instances = 2;
                c.detector = detector;
                yield c;
            }
            case "app-update" -> {
                AppUpdateCommand c = new AppUpdateCommand();
                c.id = "/web";
                c.changes = "{}";
                c.detector = detector;
                yield c;
            }
            case "deployment-list" -> {
                DeploymentListCommand c = new DeploymentListCommand();
                c.detector = detector;
                yield c;
            }
            case "deployment-rollback" -> {
                DeploymentRollbackCommand c = new DeploymentRollbackCommand();
                c.id = "d-1";
                c.detector = detector;
                yield c;
            }
            case "task-list" -> {
                TaskListCommand c = new TaskListCommand();
                c.detector = detector;
                yield c;
            }
            case "task-kill" -> {
                TaskKillCommand c = new TaskKillCommand();
                c.taskIds = List.of("web.t1");
                c.detector = detector;
                yield c;
            }
            default -> throw new IllegalArgumentException(name);
        };
    }
}

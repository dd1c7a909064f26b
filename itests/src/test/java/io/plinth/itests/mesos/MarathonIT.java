package io.plinth.itests.mesos;

import static io.plinth.itests.mesos.MesosClusterSupport.BOOT;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.itests.cluster.PlinthCluster;
import io.plinth.itests.cluster.PlinthCluster.NodeSpec;
import io.plinth.itests.cluster.PlinthNode;
import io.plinth.itests.support.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import mesosphere.marathon.client.Marathon;
import mesosphere.marathon.client.MarathonClient;
import mesosphere.marathon.client.model.v2.App;
import mesosphere.marathon.client.model.v2.HealthCheck;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runners.MethodSorters;

/**
 * The init scheduler end to end: two masters (each a ZooKeeper member, the resource manager and the
 * init scheduler) and one agent node running real processes; the tests speak Marathon's API through
 * the unchanged Java {@code marathon-client} library, raw HTTP and the {@code /v2/events} stream.
 * Tasks are a tiny HTTP server this test ships ({@code tiny-http/TinyHttp.java}, run by the JDK in
 * source-file mode) with an HTTP health check. The last test kills the leading master's JVM
 * mid-deployment.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class MarathonIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static PlinthCluster cluster;
    private static List<PlinthNode> masters;
    private static Path work;
    private static String serverCommand;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Rule
    public final TestWatcher logs = MesosClusterSupport.logsOnFailure(() -> cluster);

    @BeforeClass
    public static void startCluster() throws Exception {
        work = MesosClusterSupport.workDirectory("marathon-");
        Path server = work.resolve("TinyHttp.java");
        try (InputStream in = MarathonIT.class.getResourceAsStream("/tiny-http/TinyHttp.java")) {
            Files.copy(in, server);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        serverCommand = java + " -Xmx16m -Xss256k -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1 "
                + server + " $PORT0";
        Map<String, String> masterEnv = Map.of("PLINTH_ZK_SESSION_TIMEOUT_MS", "6000");
        cluster = PlinthCluster.create(MesosClusterSupport.distribution(), work,
                List.of(NodeSpec.member("zookeeper,master", masterEnv), NodeSpec.member("zookeeper,master", masterEnv),
                        NodeSpec.member("zookeeper,agent", Map.of("PLINTH_RESOURCES",
                                "cpus:8;mem:8192;disk:1024;ports:[31000-31999]"))));
        masters = cluster.nodes().subList(0, 2);
        cluster.start();
        for (PlinthNode node : cluster.nodes()) {
            node.awaitReady(BOOT);
        }
        Await.until("an init scheduler leader subscribed as a framework", WAIT, () -> {
            JsonNode info = get(leader(), "/v2/info");
            return info.path("frameworkId").isTextual() ? info : null;
        });
    }

    @AfterClass
    public static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
        // tasks whose agent died with the cluster: end every process that carries one of our task ids
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("TinyHttp.java")
                || c.contains("plinth-it-fail")).orElse(false)).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    public void a_marathonClientAppReachesRunningAndHealthy() throws Exception {
        Marathon client = MarathonClient.getInstance(base(leader()).toString());
        client.createApp(webApp("/web", 3));
        Await.until("3 healthy tasks of /web", WAIT, () -> {
            App app = client.getApp("/web").getApp();
            return app.getTasksHealthy() == 3 && app.getTasksRunning() == 3 ? app : null;
        });
        awaitNoDeployments();
        assertEquals(3, client.getAppTasks("/web").getTasks().size());
        // the tasks answer on their host ports
        for (JsonNode task : get(leader(), "/v2/apps/web/tasks").path("tasks")) {
            int port = task.path("ports").get(0).asInt();
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, answer.statusCode());
        }
    }

    @Test
    public void b_scalesThreeToTenToTwo() throws Exception {
        Marathon client = MarathonClient.getInstance(base(leader()).toString());
        App scale = new App();
        scale.setInstances(10);
        client.updateApp("/web", scale, false);
        awaitHealthy("/web", 10);
        scale.setInstances(2);
        client.updateApp("/web", scale, false);
        awaitHealthy("/web", 2);
        Await.until("/web down to 2 tasks", WAIT, () -> get(leader(), "/v2/apps/web/tasks").path("tasks").size() == 2 ? true : null);
    }

    @Test
    public void c_rollingUpdateKeepsHalfHealthy() throws Exception {
        send(leader(), "PUT", "/v2/apps/web", "{\"instances\":4}");
        awaitHealthy("/web", 4);
        awaitNoDeployments();
        Set<String> before = taskIds("/web");
        String change = "{\"env\":{\"RELEASE\":\"2\"},\"upgradeStrategy\":{\"minimumHealthCapacity\":0.5,\"maximumOverCapacity\":0}}";
        HttpResponse<String> answer = send(leader(), "PUT", "/v2/apps/web", change);
        assertEquals(answer.body(), 200, answer.statusCode());
        int lowest = Integer.MAX_VALUE;
        int samples = 0;
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            JsonNode app = get(leader(), "/v2/apps/web").path("app");
            lowest = Math.min(lowest, app.path("tasksHealthy").asInt());
            samples++;
            if (app.path("deployments").size() == 0) {
                break;
            }
            assertTrue("rolling update did not finish", Instant.now().isBefore(deadline));
            Thread.sleep(100); // sampling interval of the health figure, not a wait for a condition
        }
        System.out.println("[marathon] rolling update: lowest healthy " + lowest + " of 4 over " + samples + " samples");
        assertTrue("healthy dropped to " + lowest, lowest >= 2);
        Set<String> after = taskIds("/web");
        assertEquals(4, after.size());
        after.retainAll(before);
        assertTrue("old tasks survived the update: " + after, after.isEmpty());
    }

    @Test
    public void d_killedProcessIsReplaced() throws Exception {
        Set<String> before = taskIds("/web");
        String victim = before.iterator().next();
        long pid = Await.until("the pid of task " + victim, WAIT, () -> taskPid(victim));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        Await.until("a replacement of " + victim, WAIT, () -> {
            Set<String> now = taskIds("/web");
            return !now.contains(victim) && now.size() == 4 ? now : null;
        });
        awaitHealthy("/web", 4);
        assertTrue(get(leader(), "/v2/apps/web?embed=apps.lastTaskFailure").path("app").path("lastTaskFailure")
                .path("taskId").asText().equals(victim));
    }

    @Test
    public void e_failingCommandBacksOff() throws Exception {
        List<Instant> failures = new CopyOnWriteArrayList<>();
        PlinthNode leader = leader();
        HttpRequest events = HttpRequest.newBuilder(base(leader).resolve("/v2/events?event_type=status_update_event"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> stream = HTTP.send(events, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains("\"/failing\"") && line.contains("TASK_FAILED")) {
                        failures.add(Instant.now());
                    }
                }
            } catch (IOException closed) {
                // the test ended the stream
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            send(leader, "POST", "/v2/apps", "{\"id\":\"/failing\",\"cmd\":\"echo plinth-it-fail; exit 3\",\"cpus\":0.1,"
                    + "\"mem\":16,\"backoffSeconds\":1,\"backoffFactor\":2,\"maxLaunchDelaySeconds\":60}");
            Await.until("four failures of /failing", WAIT, () -> failures.size() >= 4 ? true : null);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < 4; i++) {
                gaps.add(Duration.between(failures.get(i - 1), failures.get(i)).toMillis());
            }
            System.out.println("[marathon] gaps between failures of /failing: " + gaps + " ms");
            // delays 1 s, 2 s, 4 s (plus launch time): each gap at least the backoff, and growing
            assertTrue(gaps.toString(), gaps.get(0) >= 900 && gaps.get(1) >= 1800 && gaps.get(2) >= 3600);
            JsonNode queue = get(leader, "/v2/queue").path("queue");
            assertTrue(queue.toString(), StreamSupport.stream(queue.spliterator(), false)
                    .anyMatch(q -> q.path("app").path("id").asText().equals("/failing")));
        } finally {
            stream.body().close();
            send(leader(), "DELETE", "/v2/apps/failing?force=true", "");
        }
    }

    @Test
    public void f_batchOfBadDefinitionsIsRefusedWhole() throws Exception {
        JsonNode appsBefore = get(leader(), "/v2/apps").path("apps");
        String batch = "[{\"id\":\"/good\",\"cmd\":\"sleep 100\"},"
                + "{\"id\":\"/Bad_Id\",\"cmd\":\"sleep 100\"},"
                + "{\"id\":\"/neg\",\"cmd\":\"sleep 1\",\"cpus\":-1,\"instances\":\"many\"},"
                + "{\"id\":\"/nothing\"}]";
        HttpResponse<String> answer = send(leader(), "PUT", "/v2/apps", batch);
        assertEquals(answer.body(), 422, answer.statusCode());
        JsonNode body = JSON.readTree(answer.body());
        Set<String> paths = new HashSet<>();
        body.path("details").forEach(d -> paths.add(d.path("path").asText()));
        System.out.println("[marathon] 422 details: " + paths);
        assertTrue(paths.toString(), paths.stream().anyMatch(p -> p.contains("(1)") && p.endsWith("/id")));
        assertTrue(paths.toString(), paths.stream().anyMatch(p -> p.contains("(2)") && p.endsWith("/cpus")));
        assertTrue(paths.toString(), paths.stream().anyMatch(p -> p.contains("(2)") && p.endsWith("/instances")));
        assertTrue(paths.toString(), paths.stream().anyMatch(p -> p.contains("(3)")));
        assertEquals(appsBefore.size(), get(leader(), "/v2/apps").path("apps").size());
        assertEquals(404, send(leader(), "GET", "/v2/apps/good", "").statusCode());
    }

    @Test
    public void g_leaderKilledMidDeploymentFinishesOnNewLeader() throws Exception {
        PlinthNode old = leader();
        PlinthNode other = masters.get(0) == old ? masters.get(1) : masters.get(0);
        Set<String> running = taskIds("/web");
        // the follower proxies the API to the leader
        assertEquals(4, get(other, "/v2/apps/web").path("app").path("instances").asInt());
        HttpResponse<String> answer = send(old, "PUT", "/v2/apps/web", "{\"instances\":8}");
        assertEquals(answer.body(), 200, answer.statusCode());
        Await.until("the deployment under way", WAIT, () -> taskIds("/web").size() > 4 ? true : null);
        old.killJvm();
        long killedAt = System.nanoTime();
        Await.until("the other master leading the init scheduler", WAIT, () ->
                get(other, "/v2/leader").path("leader").asText().endsWith(":" + other.httpPort()) ? true : null);
        awaitHealthy("/web", 8, other);
        Await.until("no deployments on the new leader", WAIT, () -> get(other, "/v2/deployments").size() == 0 ? true : null);
        System.out.println("[marathon] deployment finished " + MesosClusterSupport.millisSince(killedAt)
                + " ms after the leader's JVM was killed");
        Set<String> after = taskIds("/web", other);
        assertEquals(8, after.size());
        assertTrue("tasks killed by the failover: " + running.stream().filter(t -> !after.contains(t)).toList(),
                after.containsAll(running));
    }

    // ------------------------------------------------------------------ helpers

    private static App webApp(String id, int instances) {
        App app = new App();
        app.setId(id);
        app.setCmd(serverCommand);
        app.setCpus(0.1);
        app.setMem(128.0);
        app.setInstances(instances);
        HealthCheck check = new HealthCheck();
        check.setProtocol("HTTP");
        check.setPath("/health");
        check.setPortIndex(0);
        check.setIntervalSeconds(2);
        check.setTimeoutSeconds(1);
        check.setGracePeriodSeconds(60);
        check.setMaxConsecutiveFailures(3);
        app.setHealthChecks(List.of(check));
        return app;
    }

    private static PlinthNode leader() {
        return Await.until("a leader of the init scheduler", WAIT, () -> {
            for (PlinthNode node : masters) {
                if (!node.isAlive()) {
                    continue;
                }
                try {
                    JsonNode answer = get(node, "/v2/leader");
                    String address = answer.path("leader").asText("");
                    if (!address.isEmpty()) {
                        return cluster.byAddress(address);
                    }
                } catch (IOException | RuntimeException e) {
                    // not up yet
                }
            }
            return null;
        });
    }

    private static void awaitHealthy(String appId, int count) {
        awaitHealthy(appId, count, null);
    }

    private static void awaitHealthy(String appId, int count, PlinthNode node) {
        Await.until(count + " healthy tasks of " + appId, WAIT, () -> {
            JsonNode app = get(node == null ? leader() : node, "/v2/apps" + appId).path("app");
            return app.path("tasksHealthy").asInt() == count && app.path("tasksRunning").asInt() == count ? app : null;
        });
    }

    private static void awaitNoDeployments() {
        Await.until("no deployments", WAIT, () -> get(leader(), "/v2/deployments").size() == 0 ? true : null);
    }

    private static Set<String> taskIds(String appId) throws IOException, InterruptedException {
        return taskIds(appId, leader());
    }

    private static Set<String> taskIds(String appId, PlinthNode node) throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        get(node, "/v2/apps" + appId + "/tasks").path("tasks").forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** The pid of the task's own process (the leader of its session), found by its MESOS_TASK_ID. */
    private static Long taskPid(String taskId) {
        byte[] wanted = ("MESOS_TASK_ID=" + taskId).getBytes(StandardCharsets.UTF_8);
        for (ProcessHandle process : ProcessHandle.allProcesses().collect(Collectors.toList())) {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
                if (contains(environ, wanted) && process.info().commandLine().map(c -> c.contains("TinyHttp")).orElse(false)) {
                    return process.pid();
                }
            } catch (IOException | RuntimeException gone) {
                // ended meanwhile, or not ours
            }
        }
        return null;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static URI base(PlinthNode node) {
        return URI.create("http://127.0.0.1:" + node.httpPort());
    }

    private static JsonNode get(PlinthNode node, String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(node, "GET", path, "");
        if (answer.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }

    private static HttpResponse<String> send(PlinthNode node, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base(node).resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        request.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.plinth.agent.http;

import static io.plinth.agent.http.testing.Fixtures.commandTask;
import static io.plinth.agent.http.testing.Fixtures.framework;
import static io.plinth.agent.http.testing.Fixtures.sandboxWithStdout;
import static io.plinth.agent.http.testing.Fixtures.status;
import static io.plinth.agent.http.testing.Fixtures.taskInfo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.agent.api.AgentRuntime;
import io.plinth.agent.api.AgentView;
import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.api.TaskView;
import io.plinth.agent.http.core.Json;
import io.plinth.agent.http.testing.FakeAgentRuntime;
import io.plinth.agent.http.testing.Fixtures;
import io.plinth.rest.impl.ErrorMapper;
import io.plinth.rest.impl.JsonProvider;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.ws.rs.core.Application;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskState;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resources served by CXF on Jetty 9.4 with Plinth's JSON provider and error mapper, the stack
 * the Aries JAX-RS whiteboard and pax-web run in Karaf: paths and encodings as a client sends them.
 */
class AgentHttpTest {

    @TempDir
    Path temp;

    private final Json json = new Json();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Server> servers = new ArrayList<>();
    private Path workDir;
    private Path sandbox;
    private Path outside;
    private FakeAgentRuntime runtime;
    private URI base;

    @BeforeEach
    void serve() throws Exception {
        workDir = Files.createDirectories(temp.resolve("work"));
        sandbox = sandboxWithStdout(workDir, Fixtures.AGENT, "fw-1", "web.1", "c-1", "line 1\nline 2\n");
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        Files.createDirectories(workDir.resolve("meta"));
        Files.writeString(workDir.resolve("meta/boot_id"), "secret");
        TaskView task = commandTask(workDir, "fw-1", taskInfo("web.1", Fixtures.scalar("cpus", 1)).build(), "c-1",
                List.of(status("web.1", TaskState.TASK_RUNNING, 1600000001.5)));
        runtime = new FakeAgentRuntime(Fixtures.view(workDir, List.of(framework("fw-1", "marathon")), List.of(task), List.of()));

        base = serve(runtime);
    }

    /** Serves the three resources of {@code agent} on a free port, as the whiteboard would. */
    private URI serve(AgentRuntime agent) throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        Set<Object> singletons = new LinkedHashSet<>(List.of(new AgentStateResource(agent), new FilesResource(agent),
                new MonitorResource(agent), new JsonProvider(), new ErrorMapper()));
        context.addServlet(new ServletHolder(new CXFNonSpringJaxrsServlet(new Application() {
            @Override
            public Set<Object> getSingletons() {
                return singletons;
            }
        })), "/*");
        // graceful stop: requests still finishing when a test ends complete before the connections close
        StatisticsHandler statistics = new StatisticsHandler();
        statistics.setHandler(context);
        server.setHandler(statistics);
        server.setStopTimeout(5000);
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @AfterEach
    void stop() throws Exception {
        for (Server server : servers) {
            server.stop();
        }
    }

    /** GET of a raw path and query, sent exactly as written (percent-encodings included). */
    private HttpResponse<byte[]> get(String rawPathAndQuery) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + rawPathAndQuery)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode body(HttpResponse<byte[]> response) {
        return json.parse(response.body());
    }

    private void assertRefused(HttpResponse<byte[]> response, int status, String message) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        assertEquals(status, response.statusCode(), text);
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"), text);
        assertTrue(body(response).get("message").asText().contains(message), text);
    }

    @Test
    void stateUnderBothSpellingsOfItsPath() throws Exception {
        for (String path : List.of("/slave(1)/state", "/slave%281%29/state", "/slave(1)/state.json", "/slave%281%29/state.json")) {
            HttpResponse<byte[]> response = get(path);
            assertEquals(200, response.statusCode(), path);
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"), path);
            JsonNode state = body(response);
            assertEquals("slave(1)@node-1.local:5051", state.get("pid").asText(), path);
            JsonNode executor = state.get("frameworks").get(0).get("executors").get(0);
            assertEquals(sandbox.toString(), executor.get("directory").asText(), path);
            assertEquals("TASK_RUNNING", executor.get("tasks").get(0).get("state").asText(), path);
        }
        assertTrue(new String(get("/slave(1)/state").body(), StandardCharsets.UTF_8).contains("\"start_time\":1600000000.25"));
        assertEquals(404, get("/slave(2)/state").statusCode());
    }

    @Test
    void anAgentThatCannotAnswerIsUnavailable() throws Exception {
        base = serve(new AgentRuntime() {
            @Override
            public AgentView view() {
                throw new IllegalStateException("agent stopped");
            }

            @Override
            public java.nio.file.Path workDir() {
                throw new IllegalStateException("agent stopped");
            }

            @Override
            public List<ContainerUsage> usage() {
                throw new IllegalStateException("agent stopped");
            }
        });

        assertRefused(get("/slave(1)/state"), 503, "agent stopped");
        assertRefused(get("/files/read?path=" + q(sandbox + "/stdout")), 503, "agent stopped");
        assertRefused(get("/monitor/statistics"), 503, "agent stopped");
    }

    @Test
    void readsStdoutByOffsetAndLength() throws Exception {
        String stdout = q(sandbox + "/stdout");
        HttpResponse<byte[]> chunk = get("/files/read?path=" + stdout + "&offset=5&length=6");
        assertEquals(200, chunk.statusCode());
        assertTrue(chunk.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertEquals("{\"data\":\"1\\nline\",\"offset\":5}", new String(chunk.body(), StandardCharsets.UTF_8));

        assertEquals("{\"data\":\"\",\"offset\":14}", new String(get("/files/read?path=" + stdout + "&offset=-1").body(),
                StandardCharsets.UTF_8), "offset=-1 tells where the file ends");
        assertEquals("{\"data\":\"\",\"offset\":14}", new String(get("/files/read?path=" + stdout).body(),
                StandardCharsets.UTF_8));
        assertEquals("line 2\n", body(get("/files/read.json?path=" + stdout + "&offset=7")).get("data").asText());
        assertEquals("{\"data\":\"\",\"offset\":99}", new String(get("/files/read?path=" + stdout + "&offset=99").body(),
                StandardCharsets.UTF_8));
        assertRefused(get("/files/read?path=" + stdout + "&offset=abc"), 400, "'offset' must be an integer");
        assertRefused(get("/files/read?path=" + q(sandbox.toString()) + "&offset=0"), 400, "names a directory");
        assertRefused(get("/files/read?offset=0"), 400, "Missing query parameter 'path'");
        assertRefused(get("/files/read?path=" + q(sandbox + "/missing") + "&offset=0"), 404, "No such file");
    }

    @Test
    void followsTheLatestRunByItsVirtualPath() throws Exception {
        Files.setLastModifiedTime(sandbox, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
        Path newer = sandboxWithStdout(workDir, Fixtures.AGENT, "fw-1", "web.1", "c-2", "second run\n");
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2022-01-01T00:00:00Z")));

        JsonNode chunk = body(get("/files/read?path=" + q("/frameworks/fw-1/executors/web.1/runs/latest/stdout") + "&offset=0"));
        assertEquals("second run\n", chunk.get("data").asText());
        assertEquals("line 1\nline 2\n",
                body(get("/files/read?path=/frameworks/fw-1/executors/web.1/runs/c-1/stdout&offset=0")).get("data").asText());

        JsonNode listing = body(get("/files/browse?path=/frameworks/fw-1/executors/web.1/runs/latest"));
        assertEquals("/frameworks/fw-1/executors/web.1/runs/latest/stderr", listing.get(0).get("path").asText());
        assertEquals("/frameworks/fw-1/executors/web.1/runs/latest/stdout", listing.get(1).get("path").asText());
    }

    @Test
    void browsesASandbox() throws Exception {
        Files.createDirectory(sandbox.resolve("data"));
        HttpResponse<byte[]> response = get("/files/browse?path=" + q(sandbox.toString()));
        assertEquals(200, response.statusCode());
        JsonNode listing = body(response);
        assertEquals(3, listing.size());
        JsonNode data = listing.get(0);
        assertEquals(sandbox + "/data", data.get("path").asText());
        assertEquals('d', data.get("mode").asText().charAt(0));
        JsonNode stdout = listing.get(2);
        assertEquals(sandbox + "/stdout", stdout.get("path").asText());
        assertEquals(14, stdout.get("size").asLong());
        assertEquals(1, stdout.get("nlink").asLong());
        assertTrue(stdout.get("mtime").isIntegralNumber());
        assertEquals(Files.getLastModifiedTime(sandbox.resolve("stdout")).toMillis() / 1000, stdout.get("mtime").asLong());
        assertEquals(Files.getOwner(sandbox.resolve("stdout")).getName(), stdout.get("uid").asText());
        assertTrue(stdout.has("gid"));
        assertEquals(3, body(get("/files/browse.json?path=" + q(sandbox + "/"))).size());
        assertRefused(get("/files/browse?path=" + q(sandbox + "/stdout")), 400, "does not name a directory");
    }

    @Test
    void downloadsAFile() throws Exception {
        HttpResponse<byte[]> response = get("/files/download?path=" + q(sandbox + "/stdout"));
        assertEquals(200, response.statusCode());
        assertArrayEquals("line 1\nline 2\n".getBytes(StandardCharsets.UTF_8), response.body());
        assertEquals("application/octet-stream", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("attachment; filename=stdout", response.headers().firstValue("Content-Disposition").orElseThrow());
        assertEquals("14", response.headers().firstValue("Content-Length").orElseThrow());

        HttpResponse<byte[]> virtual = get("/files/download.json?path=/frameworks/fw-1/executors/web.1/runs/latest/stdout");
        assertEquals(200, virtual.statusCode());
        assertArrayEquals("line 1\nline 2\n".getBytes(StandardCharsets.UTF_8), virtual.body());
        assertRefused(get("/files/download?path=" + q(sandbox.toString())), 400, "names a directory");
    }

    @Test
    void refusesDotDotHoweverItIsSpelt() throws Exception {
        String sandboxPath = sandbox.toString();
        for (String query : List.of(
                sandboxPath + "/../../../../../../../../meta/boot_id",
                sandboxPath + "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/meta/boot_id",
                sandboxPath + "/%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2F%2E%2E%2Fmeta%2Fboot_id",
                sandboxPath + "%2F..%2Fc-1%2Fstdout",
                sandboxPath + "/.%2e/c-1/stdout",
                "/frameworks/fw-1/executors/web.1/runs/latest/%2e%2e/c-1/stdout")) {
            for (String endpoint : List.of("/files/read?offset=0&path=", "/files/browse?path=", "/files/download?path=")) {
                HttpResponse<byte[]> response = get(endpoint + query);
                assertRefused(response, 400, "must not contain '..'");
                assertFalse(new String(response.body(), StandardCharsets.UTF_8).contains("secret"));
            }
        }
    }

    @Test
    void refusesPathsOutsideTheSandboxes() throws Exception {
        assertRefused(get("/files/read?offset=0&path=/etc/passwd"), 403, "not inside a sandbox");
        assertRefused(get("/files/read?offset=0&path=%2Fetc%2Fpasswd"), 403, "not inside a sandbox");
        assertRefused(get("/files/download?path=/etc/passwd"), 403, "not inside a sandbox");
        assertRefused(get("/files/browse?path=/"), 403, "not inside a sandbox");
        assertRefused(get("/files/browse?path=" + q(workDir.toString())), 403, "not inside a sandbox");
        assertRefused(get("/files/read?offset=0&path=" + q(workDir + "/meta/boot_id")), 403, "not inside a sandbox");
        assertRefused(get("/files/read?offset=0&path=" + q(outside + "/secret")), 403, "not inside a sandbox");
        assertRefused(get("/files/read?offset=0&path=relative/stdout"), 400, "must be absolute");
        assertRefused(get("/files/read?offset=0&path=" + q(sandbox.toString()) + "%2Fstdout%00.txt"), 400, "NUL");
        assertRefused(get("/files/browse?path="), 400, "Missing query parameter 'path'");
    }

    @Test
    void refusesLinksThatLeadOut() throws Exception {
        Files.createSymbolicLink(sandbox.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(sandbox.resolve("secret"), outside.resolve("secret"));
        Files.createSymbolicLink(sandbox.resolve("meta"), Path.of("../../../../../../../../meta"));

        for (String path : List.of(sandbox + "/etc/passwd", sandbox + "/secret", sandbox + "/meta/boot_id",
                "/frameworks/fw-1/executors/web.1/runs/latest/etc/passwd")) {
            HttpResponse<byte[]> read = get("/files/read?offset=0&path=" + q(path));
            assertRefused(read, 403, "leads outside its sandbox");
            assertFalse(new String(read.body(), StandardCharsets.UTF_8).contains("root:"));
            assertRefused(get("/files/download?path=" + q(path)), 403, "leads outside its sandbox");
        }
        assertRefused(get("/files/browse?path=" + q(sandbox + "/etc")), 403, "leads outside its sandbox");
        // the link itself is listed, as a link
        JsonNode listing = body(get("/files/browse?path=" + q(sandbox.toString())));
        assertEquals(sandbox + "/etc", listing.get(0).get("path").asText());
        assertEquals('l', listing.get(0).get("mode").asText().charAt(0), listing.toString());
    }

    @Test
    void monitorStatistics() throws Exception {
        runtime.setUsage(List.of(new ContainerUsage(FrameworkID.newBuilder().setValue("fw-1").build(),
                ExecutorID.newBuilder().setValue("web.1").build(), "web", ContainerID.newBuilder().setValue("c-1").build(),
                Instant.ofEpochSecond(1600000000), 1.0, 128L << 20, 2.5, 0.5, 64L << 20, 1, 4)));
        for (String path : List.of("/monitor/statistics", "/monitor/statistics.json")) {
            HttpResponse<byte[]> response = get(path);
            assertEquals(200, response.statusCode());
            JsonNode entry = body(response).get(0);
            assertEquals("web.1", entry.get("executor_id").asText());
            assertEquals("fw-1", entry.get("framework_id").asText());
            assertEquals(64L << 20, entry.get("statistics").get("mem_rss_bytes").asLong());
            assertEquals(1600000000.0, entry.get("statistics").get("timestamp").asDouble());
        }
    }
}

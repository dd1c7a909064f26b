package io.plinth.master.operator.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.master.operator.state.Json;
import io.plinth.master.operator.testing.FakeLeaderDetector;
import io.plinth.master.operator.testing.FakeResourceManager;
import io.plinth.master.operator.testing.Fixtures;
import io.plinth.mesos.api.wire.ProtobufJson;
import io.plinth.mesos.api.wire.RecordIo;
import io.plinth.rest.impl.ErrorMapper;
import io.plinth.rest.impl.JsonProvider;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.core.Application;
import org.apache.cxf.jaxrs.servlet.CXFNonSpringJaxrsServlet;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.master.Protos.Event;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The resources served by CXF on Jetty 9.4 with Plinth's JSON provider and error mapper, the stack
 * the Aries JAX-RS whiteboard and pax-web run in Karaf: what a client on the wire sees, above all
 * that SUBSCRIBE's records reach it while the stream is still open.
 */
class StreamingHttpTest {

    private final FakeResourceManager manager = new FakeResourceManager();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** One thread reads each stream: see EventStreamTest. */
    private final ExecutorService reader = Executors.newSingleThreadExecutor();
    private final List<Server> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final List<OperatorApiResource> apis = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws Exception {
        reader.shutdownNow();
        apis.forEach(OperatorApiResource::close);
        for (Server server : servers) {
            server.stop();
        }
    }

    /** Every request gives up after a while: a test that waits for an answer that never comes must fail, not hang. */
    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    }

    private URI serve(Object... resources) throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler();
        Set<Object> singletons = new java.util.LinkedHashSet<>(List.of(resources));
        singletons.add(new JsonProvider());
        singletons.add(new ErrorMapper());
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

    private OperatorApiResource leadingApi(Duration heartbeat) {
        OperatorApiResource api = new OperatorApiResource(new LeadingMaster(FakeLeaderDetector.none()), Optional.empty(),
                Fixtures.BUILD, heartbeat, 1000);
        api.bindManager(manager);
        apis.add(api);
        return api;
    }

    private MasterResource leadingMaster() {
        MasterResource master = new MasterResource(new LeadingMaster(FakeLeaderDetector.none()), new Json(),
                Optional.empty(), Fixtures.BUILD);
        master.bindManager(manager);
        return master;
    }

    private HttpResponse<InputStream> subscribe(URI base) throws Exception {
        return client.send(request(base.resolve("/api/v1"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"SUBSCRIBE\"}"))
                .build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private Optional<Event> next(RecordIo.Reader records) throws Exception {
        return reader.submit(records::next).get(10, TimeUnit.SECONDS)
                .map(bytes -> {
                    try {
                        return ProtobufJson.parse(new String(bytes, StandardCharsets.UTF_8), Event.class);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @Test
    void subscribeRecordsReachTheClientAsTheyAreWritten() throws Exception {
        OperatorApiResource api = leadingApi(Duration.ofMillis(300));
        URI base = serve(api);

        HttpResponse<InputStream> response = subscribe(base);
        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("chunked", response.headers().firstValue("Transfer-Encoding").orElseThrow());
        assertEquals(Optional.empty(), response.headers().firstValue("Content-Length"));
        RecordIo.Reader records = new RecordIo.Reader(response.body());

        assertEquals(Event.Type.SUBSCRIBED, next(records).orElseThrow().getType());
        // the response is still open: this event can only arrive if each record is flushed on its own
        manager.publish(Event.newBuilder().setType(Event.Type.TASK_UPDATED).setTaskUpdated(Event.TaskUpdated.newBuilder()
                .setFrameworkId(Fixtures.frameworkId("fw-1"))
                .setStatus(Fixtures.status("web.1", TaskState.TASK_FAILED, 2))
                .setState(TaskState.TASK_FAILED)).build());
        Event updated = next(records).orElseThrow();
        assertEquals(Event.Type.TASK_UPDATED, updated.getType());
        assertEquals("web.1", updated.getTaskUpdated().getStatus().getTaskId().getValue());
        assertEquals(Event.Type.HEARTBEAT, next(records).orElseThrow().getType());

        api.unbindManager(manager);

        assertEquals(Optional.empty(), next(records), "the chunked body ends cleanly when leadership is lost");
        assertEquals(1, manager.closedSubscriptions());
        assertEquals(0, api.openStreams());
    }

    @Test
    void aClientThatHangsUpEndsItsStream() throws Exception {
        OperatorApiResource api = leadingApi(Duration.ofMillis(100));
        URI base = serve(api);

        HttpResponse<InputStream> response = subscribe(base);
        assertEquals(Event.Type.SUBSCRIBED, next(new RecordIo.Reader(response.body())).orElseThrow().getType());
        assertEquals(1, api.openStreams());
        response.body().close();

        await().atMost(Duration.ofSeconds(10)).until(() -> api.openStreams() == 0);
        assertEquals(1, manager.closedSubscriptions());
        assertEquals(0, manager.subscribers());
    }

    @Test
    void protobufAnswersAndErrorsArriveAsMesosSendsThem() throws Exception {
        URI base = serve(leadingApi(Duration.ofSeconds(15)));

        HttpResponse<byte[]> protobuf = client.send(request(base.resolve("/api/v1"))
                .header("Content-Type", "application/x-protobuf")
                .header("Accept", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(org.apache.mesos.v1.master.Protos.Call.newBuilder()
                        .setType(org.apache.mesos.v1.master.Protos.Call.Type.GET_MASTER).build().toByteArray()))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, protobuf.statusCode());
        assertEquals("application/x-protobuf", protobuf.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("master-1", org.apache.mesos.v1.master.Protos.Response.parseFrom(protobuf.body())
                .getGetMaster().getMasterInfo().getId());

        assertText(post(base, "text/plain", null, "x"), 415,
                "Expecting 'Content-Type' of application/json or application/x-protobuf");
        assertText(post(base, "application/json", "text/html", "{\"type\":\"GET_HEALTH\"}"), 406,
                "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
        assertText(post(base, "application/json", null, "{\"type\":\"GET_EVERYTHING\"}"), 400,
                "Failed to convert JSON into Call protobuf");
        assertText(post(base, "application/json", null, "{\"type\":\"TEARDOWN\",\"teardown\":{\"framework_id\":{\"value\":\"x\"}}}"),
                501, "Call type 'TEARDOWN' is not implemented by this master");

        HttpResponse<String> get = client.send(request(base.resolve("/api/v1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertText(get, 405, "Expecting 'POST', received 'GET'");
        assertEquals("POST", get.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void followersRedirectWithAProtocolRelativeLocation() throws Exception {
        LeadingMaster follower = new LeadingMaster(FakeLeaderDetector.of(FakeLeaderDetector.OTHER_MASTER));
        URI base = serve(new OperatorApiResource(follower, Optional.empty(), Fixtures.BUILD, Duration.ofSeconds(15), 10),
                new MasterResource(follower, new Json(), Optional.empty(), Fixtures.BUILD));

        HttpResponse<String> api = post(base, "application/json", null, "{\"type\":\"GET_STATE\"}");
        assertEquals(307, api.statusCode());
        assertEquals("//10.0.0.9:5050/api/v1", api.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> state = client.send(request(base.resolve("/master/state-summary?x=1")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(307, state.statusCode());
        assertEquals("//10.0.0.9:5050/master/state-summary?x=1", state.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> redirect = client.send(request(base.resolve("/master/redirect")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(307, redirect.statusCode());
        assertEquals("//10.0.0.9:5050", redirect.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> health = client.send(request(base.resolve("/master/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, health.statusCode());
        assertEquals("", health.body());
    }

    @Test
    void documentsAreServedAsMesosWritesThem() throws Exception {
        URI base = serve(leadingMaster(), new MetricsResource());

        HttpResponse<String> state = client.send(request(base.resolve("/master/state")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, state.statusCode());
        assertTrue(state.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
        assertTrue(state.body().contains("\"start_time\":1600000000.25"), "plain doubles: " + state.body().substring(0, 300));
        assertTrue(state.body().contains("\"elected_time\":1600000010.5"));

        assertText(client.send(request(base.resolve("/master/tasks?order=sideways")).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 400, "Query parameter 'order' must be 'asc' or 'des'");

        HttpResponse<String> metrics = client.send(request(base.resolve("/metrics/snapshot")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("\"master/elected\":0.0"), metrics.body());
    }

    private HttpResponse<String> post(URI base, String contentType, String accept, String body) throws Exception {
        HttpRequest.Builder request = request(base.resolve("/api/v1"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (accept != null) {
            request.header("Accept", accept);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertText(HttpResponse<String> response, int status, String message) {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"),
                response.headers().toString());
        assertTrue(response.body().startsWith(message), response.body());
    }
}

package io.plinth.master.operator.rest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.master.operator.testing.FakeLeaderDetector;
import io.plinth.master.operator.testing.FakeResourceManager;
import io.plinth.master.operator.testing.Fixtures;
import io.plinth.master.operator.testing.Requests;
import io.plinth.mesos.api.wire.ProtobufJson;
import io.plinth.mesos.api.wire.RecordIo;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OperatorApiResourceTest {

    private static final String JSON = "application/json";
    private static final String PROTOBUF = "application/x-protobuf";

    private final FakeResourceManager manager = new FakeResourceManager();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private OperatorApiResource resource(FakeLeaderDetector detector) {
        return new OperatorApiResource(new LeadingMaster(detector), Optional.empty(), Fixtures.BUILD,
                Duration.ofSeconds(15), 100);
    }

    private OperatorApiResource leading() {
        OperatorApiResource resource = resource(FakeLeaderDetector.none());
        resource.bindManager(manager);
        return resource;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static org.apache.mesos.v1.master.Protos.Response json(Response response) throws Exception {
        assertEquals(200, response.getStatus());
        assertEquals(JSON, response.getMediaType().toString());
        return ProtobufJson.parse(new String((byte[]) response.getEntity(), StandardCharsets.UTF_8),
                org.apache.mesos.v1.master.Protos.Response.class);
    }

    @Test
    void aJsonCallIsAnsweredInJson() throws Exception {
        Response response = leading().call(JSON, null, Requests.uri("/api/v1"), bytes("{\"type\":\"GET_STATE\"}"));
        org.apache.mesos.v1.master.Protos.Response answer = json(response);
        assertEquals(org.apache.mesos.v1.master.Protos.Response.Type.GET_STATE, answer.getType());
        assertEquals(Fixtures.state(), answer.getGetState());
    }

    @Test
    void aProtobufCallIsAnsweredAsAcceptAsks() throws Exception {
        byte[] call = Call.newBuilder().setType(Call.Type.GET_AGENTS).build().toByteArray();

        Response protobuf = leading().call(PROTOBUF, PROTOBUF, Requests.uri("/api/v1"), call);
        assertEquals(200, protobuf.getStatus());
        assertEquals(PROTOBUF, protobuf.getMediaType().toString());
        org.apache.mesos.v1.master.Protos.Response answer =
                org.apache.mesos.v1.master.Protos.Response.parseFrom((byte[]) protobuf.getEntity());
        assertEquals(org.apache.mesos.v1.master.Protos.Response.Type.GET_AGENTS, answer.getType());
        assertEquals(2, answer.getGetAgents().getAgentsCount());

        assertEquals(org.apache.mesos.v1.master.Protos.Response.Type.GET_AGENTS,
                json(leading().call(PROTOBUF, "*/*", Requests.uri("/api/v1"), call)).getType());
    }

    @Test
    void errorsAreAnsweredAsMesosAnswersThem() {
        OperatorApiResource resource = leading();
        assertError(resource.call(null, null, Requests.uri("/api/v1"), bytes("{}")), 400, "Expecting 'Content-Type' to be present");
        assertError(resource.call("text/plain", null, Requests.uri("/api/v1"), bytes("GET_STATE")), 415,
                "Expecting 'Content-Type' of application/json or application/x-protobuf");
        assertError(resource.call(JSON, null, Requests.uri("/api/v1"), bytes("{\"type\":")), 400, "Failed to");
        assertError(resource.call(JSON, null, Requests.uri("/api/v1"), bytes("{}")), 400,
                "Failed to validate master::Call: Expecting 'type' to be present");
        assertError(resource.call(JSON, "text/html", Requests.uri("/api/v1"), bytes("{\"type\":\"GET_HEALTH\"}")), 406,
                "Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'");
        assertError(resource.call(JSON, null, Requests.uri("/api/v1"), bytes("{\"type\":\"TEARDOWN\"}")), 501,
                "Call type 'TEARDOWN' is not implemented by this master");
    }

    @Test
    void otherMethodsAreNotAllowed() {
        Response response = leading().get(Requests.uri("/api/v1"));
        assertError(response, 405, "Expecting 'POST', received 'GET'");
        assertEquals("POST", response.getHeaderString("Allow"));
        assertEquals(405, leading().put(Requests.uri("/api/v1")).getStatus());
        assertEquals(405, leading().delete(Requests.uri("/api/v1")).getStatus());
    }

    @Test
    void anotherMasterRedirectsEverythingToTheLeader() {
        OperatorApiResource resource = resource(FakeLeaderDetector.of(FakeLeaderDetector.OTHER_MASTER));
        Response post = resource.call(JSON, null, Requests.uri("http://10.0.0.1:5050/api/v1"), bytes("{\"type\":\"GET_STATE\"}"));
        assertEquals(307, post.getStatus());
        assertEquals("//10.0.0.9:5050/api/v1", post.getHeaderString("Location"));
        assertEquals(307, resource.call("text/plain", null, Requests.uri("/api/v1"), bytes("x")).getStatus(),
                "redirected before the body is looked at");
        assertEquals(307, resource.get(Requests.uri("/api/v1")).getStatus());
    }

    @Test
    void withoutLeaderTheApiIsUnavailable() {
        assertError(resource(FakeLeaderDetector.none()).call(JSON, null, Requests.uri("/api/v1"), bytes("{}")), 503,
                "No leader elected");
    }

    @Test
    void losingLeadershipMidCallIsUnavailable() {
        OperatorApiResource resource = leading();
        manager.failing();
        assertError(resource.call(JSON, null, Requests.uri("/api/v1"), bytes("{\"type\":\"GET_STATE\"}")), 503,
                "The master's state is not available: no longer leading");
        assertError(resource.call(JSON, null, Requests.uri("/api/v1"), bytes("{\"type\":\"SUBSCRIBE\"}")), 503,
                "The master's state is not available: no longer leading");
        assertEquals(0, resource.openStreams());
    }

    @Test
    void subscribeStreamsUntilTheMasterStopsLeading() throws Exception {
        OperatorApiResource resource = leading();
        Response response = resource.call(JSON, JSON, Requests.uri("/api/v1"), bytes("{\"type\":\"SUBSCRIBE\"}"));
        assertEquals(200, response.getStatus());
        assertEquals(JSON, response.getMediaType().toString());
        assertEquals(1, resource.openStreams());

        PipedInputStream in = new PipedInputStream(1 << 20);
        PipedOutputStream out = new PipedOutputStream(in);
        StreamingOutput body = (StreamingOutput) response.getEntity();
        threads.submit(() -> {
            try (out) {
                body.write(out);
            }
            return null;
        });
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            RecordIo.Reader records = new RecordIo.Reader(in);
            byte[] first = reader.submit(records::next).get(10, TimeUnit.SECONDS).orElseThrow();
            Event subscribed = ProtobufJson.parse(new String(first, StandardCharsets.UTF_8), Event.class);
            assertEquals(Event.Type.SUBSCRIBED, subscribed.getType());
            assertEquals(15.0, subscribed.getSubscribed().getHeartbeatIntervalSeconds());

            resource.unbindManager(manager);

            assertEquals(Optional.empty(), reader.submit(records::next).get(10, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(5)).until(() -> resource.openStreams() == 0);
            assertEquals(1, manager.closedSubscriptions());
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void deactivationEndsEveryStream() throws IOException {
        OperatorApiResource resource = leading();
        resource.call(JSON, PROTOBUF, Requests.uri("/api/v1"), bytes("{\"type\":\"SUBSCRIBE\"}"));
        resource.call(PROTOBUF, null, Requests.uri("/api/v1"), Call.newBuilder().setType(Call.Type.SUBSCRIBE).build().toByteArray());
        assertEquals(2, manager.subscribers());

        resource.close();
        resource.close();

        assertEquals(0, manager.subscribers());
        assertEquals(2, manager.closedSubscriptions());
    }

    @Test
    void invalidSettingsAreRefused() {
        LeadingMaster leading = new LeadingMaster(FakeLeaderDetector.none());
        assertTrue(assertThrowsIae(() -> new OperatorApiResource(leading, Optional.empty(), Fixtures.BUILD, Duration.ZERO, 1))
                .contains("heartbeatIntervalSeconds"));
        assertTrue(assertThrowsIae(() -> new OperatorApiResource(leading, Optional.empty(), Fixtures.BUILD,
                Duration.ofSeconds(1), 0)).contains("maxQueuedEvents"));
    }

    private static String assertThrowsIae(Runnable construction) {
        try {
            construction.run();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("no IllegalArgumentException");
    }

    private static void assertError(Response response, int status, String message) {
        assertEquals(status, response.getStatus());
        assertEquals("text/plain", response.getMediaType().toString());
        assertTrue(((String) response.getEntity()).startsWith(message), (String) response.getEntity());
    }
}

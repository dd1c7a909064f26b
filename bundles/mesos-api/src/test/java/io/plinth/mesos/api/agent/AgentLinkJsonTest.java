package io.plinth.mesos.api.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.util.List;
import java.util.UUID;
import java.nio.ByteBuffer;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class AgentLinkJsonTest {

    private final ObjectMapper mapper = AgentLink.newObjectMapper();

    private static final FrameworkID FRAMEWORK_ID = FrameworkID.newBuilder().setValue("fw-1").build();
    private static final TaskID TASK_ID = TaskID.newBuilder().setValue("web.1").build();
    private static final AgentID AGENT_ID = AgentID.newBuilder().setValue("a-1").build();
    private static final FrameworkInfo FRAMEWORK = FrameworkInfo.newBuilder()
            .setUser("root").setName("marathon").setId(FRAMEWORK_ID).addRoles("web").build();

    private static TaskInfo task() {
        return TaskInfo.newBuilder().setName("web").setTaskId(TASK_ID).setAgentId(AGENT_ID)
                .addResources(scalar("cpus", 0.5, "web"))
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(31000).setEnd(31001))))
                .setCommand(CommandInfo.newBuilder().setValue("python3 -m http.server $PORT0"))
                .build();
    }

    private static Resource scalar(String name, double value, String role) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value))
                .addReservations(Resource.ReservationInfo.newBuilder()
                        .setType(Resource.ReservationInfo.Type.STATIC).setRole(role))
                .build();
    }

    private static TaskStatus status(TaskState state) {
        UUID uuid = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return TaskStatus.newBuilder().setTaskId(TASK_ID).setState(state).setAgentId(AGENT_ID)
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setTimestamp(1700000000.5)
                .setUuid(ByteString.copyFrom(bytes.array())).build();
    }

    /**
     * Through text, not {@code valueToTree}: the protobuf serializer writes raw JSON, which a
     * TokenBuffer keeps as an opaque raw value instead of tree nodes.
     */
    private JsonNode tree(Object value) throws Exception {
        return mapper.readTree(mapper.writeValueAsString(value));
    }

    private <T> T roundTrip(T value, Class<T> type) throws Exception {
        String json = mapper.writeValueAsString(value);
        T back = mapper.readValue(json, type);
        assertEquals(value, back, json);
        return back;
    }

    @Test
    void subscribeCarriesAgentInfoAndKnownTasks() throws Exception {
        AgentInfo info = AgentInfo.newBuilder().setHostname("node-1").setPort(5051).setId(AGENT_ID)
                .addResources(scalar("cpus", 4, "*")).build();
        AgentCall.KnownTask known = new AgentCall.KnownTask(FRAMEWORK_ID, task(), status(TaskState.TASK_RUNNING),
                List.of(status(TaskState.TASK_RUNNING)));
        AgentCall call = AgentCall.subscribe(info, List.of(known), List.of(FRAMEWORK), "0.1.0");
        assertEquals("a-1", call.agentId(), "a re-registering agent names itself");
        roundTrip(call, AgentCall.class);

        JsonNode json = tree(call);
        assertEquals("SUBSCRIBE", json.path("type").asText());
        assertEquals("a-1", json.path("agent_id").asText());
        JsonNode subscribe = json.path("subscribe");
        assertEquals("node-1", subscribe.path("agent_info").path("hostname").asText());
        assertEquals("a-1", subscribe.path("agent_info").path("id").path("value").asText());
        JsonNode task = subscribe.path("tasks").path(0);
        assertEquals("fw-1", task.path("framework_id").path("value").asText());
        assertEquals("web.1", task.path("task").path("task_id").path("value").asText());
        assertEquals("web", task.path("task").path("resources").path(0).path("reservations").path(0).path("role").asText());
        assertEquals(31001, task.path("task").path("resources").path(1).path("ranges").path("range").path(0).path("end").asInt());
        assertEquals("TASK_RUNNING", task.path("latest").path("state").asText());
        assertEquals("D4+tW9nLRp+hZXCGdyiVDg==", task.path("unacknowledged").path(0).path("uuid").asText());
        assertFalse(json.has("update"), "nulls are left out");
    }

    @Test
    void firstSubscribeHasNoAgentId() throws Exception {
        AgentCall call = AgentCall.subscribe(AgentInfo.newBuilder().setHostname("node-1").build(), null, null, "0.1.0");
        assertEquals(null, call.agentId());
        AgentCall back = roundTrip(call, AgentCall.class);
        assertEquals(List.of(), back.subscribe().tasks());
        assertFalse(tree(call).has("agent_id"));
    }

    @Test
    void updateAndPong() throws Exception {
        AgentCall update = AgentCall.update("a-1", FRAMEWORK_ID, status(TaskState.TASK_FAILED));
        roundTrip(update, AgentCall.class);
        JsonNode json = tree(update);
        assertEquals("UPDATE", json.path("type").asText());
        assertEquals("fw-1", json.path("update").path("framework_id").path("value").asText());
        assertEquals("SOURCE_EXECUTOR", json.path("update").path("status").path("source").asText());

        AgentCall pong = AgentCall.pong("a-1");
        roundTrip(pong, AgentCall.class);
        assertEquals("{\"type\":\"PONG\",\"agent_id\":\"a-1\"}", mapper.writeValueAsString(pong));
    }

    @Test
    void everyEventRoundTrips() throws Exception {
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("pod-1")).setFrameworkId(FRAMEWORK_ID).build();
        List<AgentEvent> events = List.of(
                AgentEvent.subscribed(AGENT_ID, 15),
                AgentEvent.launch(FRAMEWORK, null, List.of(task())),
                AgentEvent.launch(FRAMEWORK, executor, List.of(task(), task().toBuilder().setTaskId(TaskID.newBuilder().setValue("web.2")).build())),
                AgentEvent.kill(FRAMEWORK_ID, TASK_ID, KillPolicy.newBuilder().setGracePeriod(DurationInfo.newBuilder().setNanoseconds(3_000_000_000L)).build()),
                AgentEvent.kill(FRAMEWORK_ID, TASK_ID, null),
                AgentEvent.acknowledge(FRAMEWORK_ID, TASK_ID, AgentLink.uuidText(status(TaskState.TASK_RUNNING).getUuid())),
                AgentEvent.shutdownFramework(FRAMEWORK_ID),
                AgentEvent.ping(),
                AgentEvent.error("agent a-1 is gone"));
        for (AgentEvent event : events) {
            roundTrip(event, AgentEvent.class);
        }
        assertEquals("{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"agent_id\":{\"value\":\"a-1\"},\"ping_interval_seconds\":15.0}}",
                mapper.writeValueAsString(events.get(0)));
        assertEquals("{\"type\":\"KILL\",\"kill\":{\"framework_id\":{\"value\":\"fw-1\"},\"task_id\":{\"value\":\"web.1\"},"
                        + "\"kill_policy\":{\"grace_period\":{\"nanoseconds\":\"3000000000\"}}}}",
                mapper.writeValueAsString(events.get(3)));
        assertEquals("{\"type\":\"ACKNOWLEDGE\",\"acknowledge\":{\"framework_id\":{\"value\":\"fw-1\"},"
                        + "\"task_id\":{\"value\":\"web.1\"},\"uuid\":\"D4+tW9nLRp+hZXCGdyiVDg==\"}}",
                mapper.writeValueAsString(events.get(5)));
        assertEquals("{\"type\":\"SHUTDOWN_FRAMEWORK\",\"shutdown_framework\":{\"framework_id\":{\"value\":\"fw-1\"}}}",
                mapper.writeValueAsString(events.get(6)));
        assertEquals("{\"type\":\"PING\"}", mapper.writeValueAsString(events.get(7)));
        JsonNode launch = tree(events.get(2));
        assertEquals("DEFAULT", launch.path("launch").path("executor").path("type").asText());
        assertEquals(2, launch.path("launch").path("tasks").size());
    }

    @Test
    void severalUpdatesGoInOneCallAndASingleOneAsAnOlderMasterReadsIt() throws Exception {
        AgentCall.Update failed = new AgentCall.Update(FRAMEWORK_ID, status(TaskState.TASK_FAILED));
        AgentCall.Update running = new AgentCall.Update(FRAMEWORK_ID, status(TaskState.TASK_RUNNING));
        AgentCall one = AgentCall.updates("a-1", List.of(failed));
        assertEquals(AgentCall.update("a-1", FRAMEWORK_ID, failed.status()), one);
        assertFalse(tree(one).has("updates"), "no empty list on the wire");

        AgentCall two = AgentCall.updates("a-1", List.of(running, failed));
        AgentCall back = roundTrip(two, AgentCall.class);
        assertEquals(List.of(running, failed), back.allUpdates(), "in order");
        JsonNode json = tree(two);
        assertFalse(json.has("update"));
        assertEquals("TASK_FAILED", json.path("updates").path(1).path("status").path("state").asText());
        assertEquals(List.of(), AgentCall.pong("a-1").allUpdates());
        assertThrows(IllegalArgumentException.class, () -> AgentCall.updates("a-1", List.of()));
    }

    @Test
    void cborCarriesTheSameDocumentsWithBinaryProtobuf() throws Exception {
        ObjectMapper cbor = AgentLink.newCborMapper();
        AgentInfo info = AgentInfo.newBuilder().setHostname("node-1").setPort(5051).setId(AGENT_ID).build();
        List<Object> values = List.of(
                AgentCall.subscribe(info, List.of(new AgentCall.KnownTask(FRAMEWORK_ID, task(), null,
                        List.of(status(TaskState.TASK_RUNNING)))), List.of(FRAMEWORK), "0.1.0"),
                AgentCall.updates("a-1", List.of(new AgentCall.Update(FRAMEWORK_ID, status(TaskState.TASK_RUNNING)),
                        new AgentCall.Update(FRAMEWORK_ID, status(TaskState.TASK_KILLED)))),
                AgentCall.pong("a-1"),
                AgentEvent.launch(FRAMEWORK, null, List.of(task())),
                AgentEvent.acknowledge(FRAMEWORK_ID, TASK_ID, AgentLink.uuidText(status(TaskState.TASK_RUNNING).getUuid())));
        for (Object value : values) {
            byte[] bytes = cbor.writeValueAsBytes(value);
            assertEquals(value, cbor.readValue(bytes, value.getClass()));
            assertTrue(bytes.length < mapper.writeValueAsBytes(value).length, "smaller than JSON: " + value);
        }
        AgentEvent launch = AgentEvent.launch(FRAMEWORK, null, List.of(task()));
        JsonNode tree = cbor.readTree(cbor.writeValueAsBytes(launch));
        assertEquals("LAUNCH", tree.path("type").asText(), "names as in JSON");
        assertEquals(task(), TaskInfo.parseFrom(tree.path("launch").path("tasks").path(0).binaryValue()),
                "an embedded message is its protobuf encoding");

        byte[] broken = cbor.writeValueAsBytes(java.util.Map.of("type", "SUBSCRIBED",
                "subscribed", java.util.Map.of("agent_id", new byte[] {(byte) 0xff, 0x01})));
        assertThrows(JsonMappingException.class, () -> cbor.readValue(broken, AgentEvent.class));
        assertTrue(AgentLink.isCbor("application/cbor; charset=binary"));
        assertFalse(AgentLink.isCbor("application/json"));
        assertFalse(AgentLink.isCbor(null));
    }

    @Test
    void unknownFieldsAreIgnoredButBrokenProtobufIsNot() throws Exception {
        AgentEvent ping = mapper.readValue("{\"type\":\"PING\",\"from_a_newer_master\":1}", AgentEvent.class);
        assertEquals(AgentEvent.ping(), ping);
        assertThrows(JsonMappingException.class, () -> mapper.readValue(
                "{\"type\":\"SUBSCRIBED\",\"subscribed\":{\"agent_id\":{\"nope\":\"a\"}}}", AgentEvent.class));
        assertThrows(JsonMappingException.class, () -> mapper.readValue("{\"agent_id\":\"a-1\"}", AgentCall.class),
                "a call without a type is refused");
        assertTrue(mapper.readValue("{\"type\":\"PONG\",\"agent_id\":\"a-1\"}", AgentCall.class).subscribe() == null);
    }
}

package io.plinth.mesos.api.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void recordsRoundTripThroughFraming() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(RecordIo.frame("{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8)));
        out.write(RecordIo.frame(new byte[0]));
        out.write(RecordIo.frame("é".getBytes(StandardCharsets.UTF_8)));
        assertEquals("20\n{\"type\":\"HEARTBEAT\"}", new String(RecordIo.frame("{\"type\":\"HEARTBEAT\"}".getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8));
        RecordIo.Reader reader = new RecordIo.Reader(new ByteArrayInputStream(out.toByteArray()));
        assertEquals("{\"type\":\"HEARTBEAT\"}", new String(reader.next().orElseThrow(), StandardCharsets.UTF_8));
        assertArrayEquals(new byte[0], reader.next().orElseThrow());
        assertEquals("é", new String(reader.next().orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(reader.next().isEmpty());
    }

    @Test
    void truncatedOrMalformedStreamsFail() {
        assertThrows(IOException.class, () -> new RecordIo.Reader(new ByteArrayInputStream("5\nabc".getBytes())).next());
        assertThrows(IOException.class, () -> new RecordIo.Reader(new ByteArrayInputStream("x\nabc".getBytes())).next());
        assertThrows(IOException.class, () -> new RecordIo.Reader(new ByteArrayInputStream("12".getBytes())).next());
    }

    @Test
    void protobufJsonUsesMesosFieldNames() throws InvalidProtocolBufferException {
        Call call = Call.newBuilder().setType(Call.Type.KILL)
                .setFrameworkId(FrameworkID.newBuilder().setValue("f1"))
                .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))).build();
        String json = ProtobufJson.print(call);
        assertEquals("{\"framework_id\":{\"value\":\"f1\"},\"type\":\"KILL\",\"kill\":{\"task_id\":{\"value\":\"t1\"}}}", json);
        assertEquals(call, ProtobufJson.parse(json, Call.class));
        assertThrows(InvalidProtocolBufferException.class, () -> ProtobufJson.parse("{\"kill\":{}}", Call.class));
        assertThrows(InvalidProtocolBufferException.class, () -> ProtobufJson.parse("{\"typo\":1}", Call.class));
    }

    record Holder(String name, TaskID task) {
    }

    @Test
    void jacksonCarriesProtobufFields() throws Exception {
        ObjectMapper mapper = new ObjectMapper().registerModule(ProtobufJson.jacksonModule());
        Holder holder = new Holder("x", TaskID.newBuilder().setValue("t1").build());
        String json = mapper.writeValueAsString(holder);
        assertEquals("{\"name\":\"x\",\"task\":{\"value\":\"t1\"}}", json);
        assertEquals(holder, mapper.readValue(json, Holder.class));
        assertThrows(JsonMappingException.class, () -> mapper.readValue("{\"task\":{\"nope\":1}}", Holder.class));
    }
}

package io.plinth.master.operator.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.Label;
import org.junit.jupiter.api.Test;

class JsonTest {

    private final Json json = new Json();

    @Test
    void doublesAreWrittenInPlainNotation() {
        ObjectNode node = json.object();
        node.put("timestamp", 1_455_643_643.42422);
        node.put("cpus", 4.0);
        node.put("big", 12_000_000.0);
        node.put("small", 0.0001);
        node.put("count", 3);
        assertEquals("{\"timestamp\":1455643643.42422,\"cpus\":4.0,\"big\":12000000.0,\"small\":0.0001,\"count\":3}",
                new String(json.bytes(node), StandardCharsets.UTF_8));
    }

    @Test
    void protobufMessagesUseProtoFieldNames() {
        assertEquals("{\"key\":\"k\",\"value\":\"v\"}",
                json.protobuf(Label.newBuilder().setKey("k").setValue("v").build()).toString());
    }
}

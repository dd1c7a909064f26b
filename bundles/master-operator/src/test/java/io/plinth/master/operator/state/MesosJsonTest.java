package io.plinth.master.operator.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.master.operator.testing.Fixtures;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.master.Protos.Response;
import org.apache.mesos.v1.master.Protos.Response.GetState;
import org.junit.jupiter.api.Test;

class MesosJsonTest {

    @Test
    void sixtyFourBitIntegersAreNumbersAsMesosWritesThem() {
        JsonNode ports = MesosJson.tree(Fixtures.ports(31000, 32000));
        assertTrue(ports.at("/ranges/range/0/begin").isIntegralNumber(), ports.toString());
        assertEquals(31000, ports.at("/ranges/range/0/begin").asLong());
        assertEquals(32000, ports.at("/ranges/range/0/end").asLong());

        JsonNode agent = MesosJson.tree(Fixtures.agentS1());
        assertTrue(agent.at("/registered_time/nanoseconds").isIntegralNumber(), agent.toString());
        assertEquals(1_600_000_030_000_000_000L, agent.at("/registered_time/nanoseconds").asLong());
    }

    @Test
    void theLargestUint64StaysExact() {
        Resource huge = Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(0).setEnd(-1))).build();
        assertEquals("18446744073709551615", MesosJson.tree(huge).at("/ranges/range/0/end").bigIntegerValue().toString());
    }

    @Test
    void theJsonReadsBackIntoTheSameMessage() throws Exception {
        Response response = Response.newBuilder().setType(Response.Type.GET_STATE).setGetState(Fixtures.state()).build();
        String json = new String(MesosJson.bytes(response), StandardCharsets.UTF_8);
        assertEquals(response, ProtobufJson.parse(json, Response.class));
        assertEquals(GetState.getDefaultInstance(), ProtobufJson.parse(
                new String(MesosJson.bytes(GetState.getDefaultInstance()), StandardCharsets.UTF_8), GetState.class));
    }
}

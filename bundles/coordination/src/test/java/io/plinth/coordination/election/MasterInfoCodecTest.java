package io.plinth.coordination.election;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.plinth.coordination.api.LeaderInfo;

class MasterInfoCodecTest {

    private final MasterInfoCodec codec = new MasterInfoCodec();

    @Test
    void writesMesosMasterInfo() throws Exception {
        LeaderInfo info = new LeaderInfo("mesos", "id-1", "master-1.example", "127.0.0.1", 8080, "0.1.0");
        JsonNode json = new ObjectMapper().readTree(codec.encode(info));
        assertEquals("id-1", json.get("id").asText());
        assertEquals("master-1.example", json.get("hostname").asText());
        assertEquals(16777343L, json.get("ip").asLong());
        assertEquals(8080, json.get("port").asInt());
        assertEquals("master@127.0.0.1:8080", json.get("pid").asText());
        assertEquals("0.1.0", json.get("version").asText());
        assertEquals("master-1.example", json.at("/address/hostname").asText());
        assertEquals("127.0.0.1", json.at("/address/ip").asText());
        assertEquals(8080, json.at("/address/port").asInt());
    }

    @Test
    void readsWhatItWrites() {
        LeaderInfo info = new LeaderInfo("marathon", "id-2", "host", "10.0.0.255", 8443, "1.2.3");
        assertEquals(info, codec.decode("marathon", codec.encode(info)));
    }

    @Test
    void readsWhatAMesosMasterWrites() {
        // As written by Mesos 1.x (libprocess pid, uint32 ip, address without hostname).
        String json = "{\"address\":{\"ip\":\"10.0.4.7\",\"port\":5050},\"hostname\":\"ip-10-0-4-7\","
                + "\"id\":\"a5a8d0fc-7b2d-4c24-ae7c-1a1c1b0a7e9f\",\"ip\":117702666,\"pid\":\"master@10.0.4.7:5050\","
                + "\"port\":5050,\"version\":\"1.11.0\"}";
        assertEquals(new LeaderInfo("mesos", "a5a8d0fc-7b2d-4c24-ae7c-1a1c1b0a7e9f", "ip-10-0-4-7", "10.0.4.7", 5050, "1.11.0"),
                codec.decode("mesos", json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void fallsBackToTheNumericIpAndTheAddressAlone() {
        String json = "{\"id\":\"x\",\"ip\":16777343,\"address\":{\"hostname\":\"h\",\"port\":7}}";
        assertEquals(new LeaderInfo("g", "x", "h", "127.0.0.1", 7, ""), codec.decode("g", json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @CsvSource({"127.0.0.1,16777343", "0.0.0.0,0", "255.255.255.255,4294967295", "10.0.4.7,117702666", "1.2.3.4,67305985"})
    void convertsIpsTheWayMesosDoes(String dotted, long mesos) {
        assertEquals(mesos, MasterInfoCodec.mesosIp(dotted));
        assertEquals(dotted, MasterInfoCodec.dottedIp(mesos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "1.2.3", "1.2.3.4.5", "256.0.0.1", "-1.0.0.1", "::1", "1..2.3", "1.2.3.0001"})
    void refusesWhatIsNotDottedIpv4(String ip) {
        assertThrows(IllegalArgumentException.class, () -> MasterInfoCodec.mesosIp(ip));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{}", "{\"id\":\"x\"}", "{\"ip\":1}"})
    void refusesWhatIsNotMasterInfo(String json) {
        assertThrows(IllegalArgumentException.class, () -> codec.decode("g", json.getBytes(StandardCharsets.UTF_8)));
    }
}

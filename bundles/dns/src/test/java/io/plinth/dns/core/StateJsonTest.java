package io.plinth.dns.core;

import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateJsonTest {

    private static ClusterState fixture() throws IOException {
        try (InputStream in = StateJsonTest.class.getResourceAsStream("/state.json")) {
            return StateJson.parse(in);
        }
    }

    private static Task task(ClusterState state, String idPrefix) {
        return state.tasks().stream().filter(t -> t.id().startsWith(idPrefix)).findFirst().orElseThrow();
    }

    @Test
    void readsLeaderAgentsAndFrameworks() throws IOException {
        ClusterState state = fixture();
        Master leader = new Master("m1.example.com", "10.0.0.1", 5050);
        assertEquals(Optional.of(leader), state.leader());
        assertEquals(List.of(leader), state.masters());
        assertEquals(new Agent("b5a8c7e2-1d3f-4a6b-8c9d-0e1f2a3b4c5d-S1", "agent2.example.com", "10.0.1.2"),
                state.agents().get(1));
        assertEquals(List.of("marathon", "My_Framework.v2"),
                state.frameworks().stream().map(f -> f.name()).toList());
        assertEquals(6, state.tasks().size());
    }

    @Test
    void expandsPortRangesInOrder() throws IOException {
        assertEquals(List.of(31002, 31005), task(fixture(), "prod_web.6a0e4b3d").hostPorts());
        assertEquals(List.of(), task(fixture(), "prod_db").hostPorts());
        assertEquals(List.of(1, 2, 3, 7), StateJson.ports("[1-3, 7-7]"));
        assertEquals(List.of(5), StateJson.ports("[bad, 5]"));
        assertEquals(List.of(), StateJson.ports("[]"));
    }

    @Test
    void takesNetworkIpsFromTheLatestRunningStatusWhateverTheOrder() throws IOException {
        assertEquals(List.of("fd01:b::2", "9.0.3.7"), task(fixture(), "prod_db").networkIps());
    }

    @Test
    void readsDiscoveryInfo() throws IOException {
        Discovery discovery = task(fixture(), "prod_api").discovery().orElseThrow();
        assertEquals(new Discovery("FRAMEWORK", "api.prod", List.of(
                new DiscoveryPort(31010, "http", "tcp"), new DiscoveryPort(31011, "Metrics_Port", "udp"))), discovery);
        assertTrue(task(fixture(), "prod_db").discovery().isEmpty());
    }

    @Test
    void mergesRunningStatusLabelsOverTaskLabels() throws IOException {
        assertEquals(Map.of("Docker.NetworkSettings.IPAddress", "172.17.0.9"),
                task(fixture(), "worker-1").labels());
        assertEquals(Map.of("HAPROXY_GROUP", "external"), task(fixture(), "prod_web.6a0e4b3c").labels());
    }

    @Test
    void acceptsTheProtobufRenderingOfLabelsAndDiscoveryPorts() throws IOException {
        ClusterState state = StateJson.parse("""
                {"leader":"master@[::1]:5050","frameworks":[{"id":"f","name":"n","tasks":[{"id":"t","name":"n",
                 "slave_id":"s","state":"TASK_RUNNING","labels":{"labels":[{"key":"k","value":"v"}]},
                 "discovery":{"name":"d","ports":[{"number":80}]}}]}]}""");
        Task task = state.tasks().get(0);
        assertEquals("f", task.frameworkId());
        assertEquals(Map.of("k", "v"), task.labels());
        assertEquals(List.of(new DiscoveryPort(80, "", "")), task.discovery().orElseThrow().ports());
        assertEquals(Optional.of(new Master("::1", "::1", 5050)), state.leader());
    }

    @Test
    void noLeaderFieldMeansNoLeader() throws IOException {
        ClusterState state = StateJson.parse("{\"slaves\":[{\"id\":\"a\",\"hostname\":\"h\"}]}");
        assertTrue(state.leader().isEmpty());
        assertTrue(state.masters().isEmpty());
        assertEquals("h", state.agents().get(0).ip(), "without a pid the hostname stands in for the address");
    }

    @Test
    void rejectsNonJson() {
        assertThrows(IOException.class, () -> StateJson.parse("not json"));
        assertThrows(IOException.class, () -> StateJson.parse("[1,2]"));
    }
}

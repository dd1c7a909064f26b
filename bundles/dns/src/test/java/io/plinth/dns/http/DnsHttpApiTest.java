package io.plinth.dns.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.dns.core.Records;
import io.plinth.dns.core.Srv;
import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DnsHttpApiTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CANONICAL = "web-abcde-s1.marathon.mesos.";
    private static final String CANONICAL_SLAVE = "web-abcde-s1.marathon.slave.mesos.";

    private final DnsHttpApi api = new DnsHttpApi(DnsConfig.defaults(), "0.1.0", "https://plinth.example/dns");

    /** Records as Mesos-DNS would make them for one task "web" of marathon, on agent 10.0.1.1, port 31000. */
    private final Records records = Records.of(1234, Map.of(
                    "web.marathon.mesos.", List.of("10.0.1.1", "10.0.1.2"),
                    CANONICAL, List.of("10.0.1.1"),
                    CANONICAL_SLAVE, List.of("10.0.1.1"),
                    "webapp.marathon.mesos.", List.of("10.0.1.1"),
                    "leader.mesos.", List.of("10.0.0.1")),
            Map.of("_web._tcp.marathon.mesos.", List.of(new Srv(CANONICAL_SLAVE, 31000, 0, 1),
                            new Srv("unknown.marathon.mesos.", 31001, 0, 1)),
                    "_webapp._tcp.marathon.mesos.", List.of(new Srv("webapp.marathon.mesos.", 31000, 0, 1))));

    @Test
    void version() throws Exception {
        assertJson("{\"Service\":\"Mesos-DNS\",\"Version\":\"0.1.0\",\"URL\":\"https://plinth.example/dns\"}",
                api.version());
    }

    @Test
    void configUsesMesosDnsFieldNamesInItsOrder() throws Exception {
        DnsConfig config = new DnsConfig("mesos", 30, 53, "10.0.0.5", List.of("8.8.8.8"), Duration.ofSeconds(3), false,
                List.of(), "ns1.mesos", "admin@example.com", 61, 601, 86401, 61, List.of("host"), true, 8124,
                "ns1.mesos", "10.0.0.5");
        ClusterState state = new ClusterState(Optional.empty(), List.of(new Master("m1", "10.0.0.1", 5050)),
                List.of(), List.of(), List.of());

        JsonNode body = new DnsHttpApi(config, "v", "u").config(records, state);

        assertJson("""
                {"RefreshSeconds":0,"Port":53,"Timeout":3,"HttpPort":8124,"TTL":30,"SOASerial":1234,
                 "SOARefresh":61,"SOARetry":601,"SOAExpire":86401,"SOAMinttl":61,"SOAMname":"ns1.mesos.",
                 "SOARname":"admin.example.com.","Masters":["10.0.0.1:5050"],"Resolvers":["8.8.8.8"],
                 "IPSources":["host"],"Domain":"mesos","Listener":"10.0.0.5","RecurseOn":false,"DnsOn":true,
                 "HttpOn":true,"ExternalOn":false,"EnforceRFC952":true,"EnumerationOn":true}""", body);
        assertEquals(List.of("RefreshSeconds", "Port", "Timeout", "HttpPort", "TTL", "SOASerial", "SOARefresh",
                "SOARetry", "SOAExpire", "SOAMinttl", "SOAMname", "SOARname", "Masters", "Resolvers", "IPSources",
                "Domain", "Listener", "RecurseOn", "DnsOn", "HttpOn", "ExternalOn", "EnforceRFC952", "EnumerationOn"),
                fieldNames(body));
    }

    @Test
    void configWithoutMastersSaysNull() {
        JsonNode body = api.config(Records.empty(), new ClusterState(Optional.empty(), List.of(), List.of(), List.of(),
                List.of()));

        assertEquals(true, body.get("Masters").isNull());
        assertEquals("root.ns1.mesos.", body.get("SOARname").asText());
    }

    @Test
    void hostsListsEveryAddressOfTheName() throws Exception {
        assertJson("[{\"host\":\"web.marathon.mesos.\",\"ip\":\"10.0.1.1\"},"
                + "{\"host\":\"web.marathon.mesos.\",\"ip\":\"10.0.1.2\"}]", api.hosts(records, "Web.Marathon.mesos"));
        assertJson("[{\"host\":\"leader.mesos.\",\"ip\":\"10.0.0.1\"}]", api.hosts(records, "leader.mesos."));
    }

    @Test
    void hostsDropsWildcards() throws Exception {
        assertJson("[{\"host\":\"leader.mesos.\",\"ip\":\"10.0.0.1\"}]", api.hosts(records, "leader.*.mesos"));
    }

    @Test
    void anUnknownHostIsOneEmptyEntry() throws Exception {
        assertJson("[{\"host\":\"\",\"ip\":\"\"}]", api.hosts(records, "nothing.mesos"));
        assertJson("[{\"host\":\"\",\"ip\":\"\"}]", api.hosts(records, ""));
    }

    @Test
    void servicesEchoTheNameAsAskedAndGiveTheTargetsAddress() throws Exception {
        assertJson("[{\"service\":\"_web._tcp.marathon.mesos\",\"host\":\"" + CANONICAL_SLAVE
                        + "\",\"ip\":\"10.0.1.1\",\"port\":\"31000\"}]",
                api.services(records, "_web._tcp.marathon.mesos"));
    }

    @Test
    void anUnknownServiceIsOneEmptyEntry() throws Exception {
        assertJson("[{\"service\":\"\",\"host\":\"\",\"ip\":\"\",\"port\":\"\"}]",
                api.services(records, "_nothing._tcp.marathon.mesos."));
    }

    @Test
    void enumerateListsTheRecordsOfEachRunningTaskPerFramework() throws Exception {
        ClusterState state = new ClusterState(Optional.empty(), List.of(),
                List.of(new Agent("s1", "10.0.1.1", "10.0.1.1"), new Agent("s2", "10.0.1.2", "10.0.1.2")),
                List.of(new Framework("fw", "marathon"), new Framework("idle", "chronos")),
                List.of(new Task("web.1", "web", "fw", "s1", "TASK_RUNNING", List.of(31000), Optional.empty(),
                                List.of(), Map.of()),
                        new Task("web.2", "web", "fw", "s2", "TASK_STAGING", List.of(31000), Optional.empty(),
                                List.of(), Map.of())));

        assertJson("""
                {"frameworks":[
                  {"tasks":[{"name":"web","id":"web.1","records":[
                     {"name":"web-abcde-s1.marathon.mesos.","host":"10.0.1.1","rtype":"A"},
                     {"name":"web-abcde-s1.marathon.slave.mesos.","host":"10.0.1.1","rtype":"A"},
                     {"name":"web.marathon.mesos.","host":"10.0.1.1","rtype":"A"},
                     {"name":"_web._tcp.marathon.mesos.","host":"web-abcde-s1.marathon.slave.mesos.:31000","rtype":"SRV"}]}],
                   "name":"marathon"},
                  {"tasks":[],"name":"chronos"}]}""", api.enumerate(state, records));
    }

    @Test
    void enumerateUsesTheDiscoveryNameAndContainerAddresses() throws Exception {
        Records discovered = Records.of(1, Map.of("site.marathon.mesos.", List.of("172.17.0.2"),
                        "web.marathon.mesos.", List.of("10.0.1.1")),
                Map.of("_http._site._tcp.marathon.mesos.", List.of(new Srv("site.marathon.mesos.", 8080, 0, 1)),
                        "_site._tcp.marathon.mesos.", List.of(new Srv("site.marathon.mesos.", 8080, 0, 1))));
        ClusterState state = new ClusterState(Optional.empty(), List.of(), List.of(),
                List.of(new Framework("fw", "marathon")),
                List.of(new Task("web.1", "web", "fw", "s1", "TASK_RUNNING", List.of(),
                        Optional.of(new Discovery("FRAMEWORK", "Site", List.of(new DiscoveryPort(8080, "http", "tcp")))),
                        List.of("172.17.0.2"), Map.of())));

        assertJson("""
                {"frameworks":[{"tasks":[{"name":"web","id":"web.1","records":[
                   {"name":"site.marathon.mesos.","host":"172.17.0.2","rtype":"A"},
                   {"name":"_site._tcp.marathon.mesos.","host":"site.marathon.mesos.:8080","rtype":"SRV"}]}],
                 "name":"marathon"}]}""", api.enumerate(state, discovered));
    }

    @Test
    void axfrTransfersTheZone() throws Exception {
        Records zone = Records.of(7, Map.of("leader.mesos.", List.of("10.0.0.1")),
                Map.of("_leader._tcp.mesos.", List.of(new Srv("leader.mesos.", 5050, 0, 1))));

        assertJson("""
                {"TTL":60,"Serial":7,"RefreshSeconds":0,"Mname":"ns1.mesos.","Rname":"root.ns1.mesos.","Domain":"mesos",
                 "Records":{"As":{"leader.mesos.":["10.0.0.1"]},"AAAAs":{},
                            "SRVs":{"_leader._tcp.mesos.":["leader.mesos.:5050"]}}}""", api.axfr(zone));
    }

    /** Compares the text, so that field order and number types count as a client sees them. */
    private static void assertJson(String expected, JsonNode actual) throws Exception {
        assertEquals(MAPPER.writeValueAsString(MAPPER.readTree(expected)), MAPPER.writeValueAsString(actual));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        Iterator<String> fields = node.fieldNames();
        fields.forEachRemaining(names::add);
        return names;
    }
}

package io.plinth.dns.core;

import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordGeneratorTest {

    private static final RecordGenerator GENERATOR = new RecordGenerator();
    private static final Agent AGENT = new Agent("20150101-0000-S3", "agent", "10.1.1.1");
    private static final Framework MARATHON = new Framework("fw", "marathon");

    private static Task running(String id, String name, List<Integer> ports, List<String> networkIps,
                                Map<String, String> labels) {
        return new Task(id, name, "fw", AGENT.id(), "TASK_RUNNING", ports, Optional.empty(), networkIps, labels);
    }

    private static Records generate(DnsConfig config, Task... tasks) {
        ClusterState state = new ClusterState(Optional.empty(), List.of(), List.of(AGENT), List.of(MARATHON),
                List.of(tasks));
        return GENERATOR.generate(state, config, 1);
    }

    private static Records masters(Master leader, Master... masters) {
        return GENERATOR.generate(new ClusterState(Optional.ofNullable(leader), List.of(masters), List.of(),
                List.of(), List.of()), DnsConfig.defaults().toBuilder().domain("foo.com").build(), 1);
    }

    @Test
    void hashIsMesosDnsTaskIdHash() {
        assertEquals("iffe9", RecordGenerator.hash("test"));
        assertEquals("s3", RecordGenerator.agentIdTail("20150101-0000-S3"));
    }

    @Test
    void singleLeaderIsMaster0() {
        Records r = masters(new Master("m", "0.0.0.6", 7));
        assertEquals(List.of("0.0.0.6"), r.a("leader.foo.com."));
        assertEquals(List.of("0.0.0.6"), r.a("master.foo.com."));
        assertEquals(List.of("0.0.0.6"), r.a("master0.foo.com."));
        assertEquals(List.of(Srv.of("leader.foo.com.", 7)), r.srv("_leader._tcp.foo.com."));
        assertEquals(List.of(Srv.of("leader.foo.com.", 7)), r.srv("_leader._udp.foo.com."));
    }

    @Test
    void leaderNotListedIsNumberedAfterTheOthers() {
        Records r = masters(new Master("m", "0.0.0.6", 7), new Master("a", "0.0.0.8", 9),
                new Master("a", "0.0.0.8", 9));
        assertEquals(List.of("0.0.0.8"), r.a("master0.foo.com."));
        assertEquals(List.of("0.0.0.6"), r.a("master1.foo.com."));
        assertEquals(List.of("0.0.0.6", "0.0.0.8"), r.a("master.foo.com."));
        assertFalse(r.hasName("master2.foo.com."));
    }

    @Test
    void listedLeaderKeepsItsPlace() {
        Records r = masters(new Master("m", "0.0.0.6", 7), new Master("a", "0.0.0.8", 9),
                new Master("m", "0.0.0.6", 7), new Master("m", "0.0.0.6", 7), new Master("c", "0.0.0.7", 0));
        assertEquals(List.of("0.0.0.8"), r.a("master0.foo.com."));
        assertEquals(List.of("0.0.0.6"), r.a("master1.foo.com."));
        assertEquals(List.of("0.0.0.7"), r.a("master2.foo.com."));
        assertFalse(r.hasName("master3.foo.com."));
    }

    @Test
    void noLeaderNoMasterRecords() {
        Records r = masters(null, new Master("a", "0.0.0.8", 9));
        assertFalse(r.hasName("master.foo.com."));
        assertFalse(r.hasName("leader.foo.com."));
        assertEquals(List.of("127.0.0.1"), r.a("ns1.mesos."), "the server still answers its own name");
    }

    @Test
    void ipSourcesAreTriedInOrder() {
        Task task = running("t1", "app", List.of(), List.of("fd00::1", "9.9.9.9"),
                Map.of(RecordGenerator.DOCKER_IP_LABEL, "172.17.0.2", RecordGenerator.MESOS_IP_LABEL, "10.9.0.2"));
        DnsConfig.Builder config = DnsConfig.builder();
        assertEquals(List.of("9.9.9.9"), generate(config.build(), task).a("app.marathon.mesos."));
        assertEquals(List.of("172.17.0.2"),
                generate(config.ipSources(List.of("docker", "netinfo")).build(), task).a("app.marathon.mesos."));
        assertEquals(List.of("10.9.0.2"),
                generate(config.ipSources(List.of("mesos", "host")).build(), task).a("app.marathon.mesos."));
        assertEquals(List.of("10.1.1.1"),
                generate(config.ipSources(List.of("host")).build(), task).a("app.marathon.mesos."));
        Records noIp = generate(config.ipSources(List.of("docker")).build(),
                running("t2", "bare", List.of(), List.of(), Map.of()));
        assertFalse(noIp.hasName("bare.marathon.mesos."), "no task IP, no task-IP record");
        assertEquals(List.of("10.1.1.1"), noIp.a("bare.marathon.slave.mesos."));
    }

    @Test
    void onlyRunningTasksOnKnownAgentsOfKnownFrameworksAreNamed() {
        Task staging = new Task("t1", "a", "fw", AGENT.id(), "TASK_STAGING", List.of(), Optional.empty(),
                List.of(), Map.of());
        Task lost = new Task("t2", "b", "fw", "other-agent", "TASK_RUNNING", List.of(), Optional.empty(),
                List.of(), Map.of());
        Task orphan = new Task("t3", "c", "nofw", AGENT.id(), "TASK_RUNNING", List.of(), Optional.empty(),
                List.of(), Map.of());
        Task unnameable = running("t4", "$$$", List.of(80), List.of(), Map.of());
        Records r = generate(DnsConfig.defaults(), staging, lost, orphan, unnameable);
        assertEquals(List.of("10.1.1.1"), r.a("slave.mesos."));
        assertEquals(2, r.aRecords().size(), "only slave.mesos. and ns1.mesos.: " + r.aRecords());
        assertTrue(r.srvRecords().isEmpty());
    }

    @Test
    void discoveryPortWithoutProtocolServesBothAndItsName() {
        Task task = new Task("t1", "ignored", "fw", AGENT.id(), "TASK_RUNNING", List.of(31000),
                Optional.of(new Discovery("CLUSTER", "Svc", List.of(new DiscoveryPort(8080, "Web", "")))),
                List.of(), Map.of());
        Records r = generate(DnsConfig.defaults(), task);
        String canonical = "svc-" + RecordGenerator.hash("t1") + "-s3";
        Srv target = Srv.of(canonical + ".marathon.mesos.", 8080);
        for (String name : List.of("_svc._tcp.marathon.mesos.", "_svc._udp.marathon.mesos.",
                "_web._svc._tcp.marathon.mesos.", "_web._svc._udp.marathon.mesos.")) {
            assertEquals(List.of(target), r.srv(name), name);
        }
        assertEquals(List.of(Srv.of(canonical + ".marathon.slave.mesos.", 31000)),
                r.srv("_svc._tcp.marathon.slave.mesos."));
        assertFalse(r.hasName("ignored.marathon.mesos."), "DiscoveryInfo's name replaces the task name");
    }

    @Test
    void rfc952ShortensTaskAndFrameworkLabels() {
        Task task = running("t1", "9-a-very-long-application-name.group", List.of(), List.of(), Map.of());
        Records r = GENERATOR.generate(new ClusterState(Optional.empty(), List.of(), List.of(AGENT),
                        List.of(new Framework("fw", "0marathon.Prod")), List.of(task)),
                DnsConfig.builder().enforceRfc952(true).build(), 1);
        // The 24-character cut lands on a hyphen, so Mesos-DNS's refill takes the "n" of "name".
        assertEquals(List.of("10.1.1.1"), r.a("a-very-long-applicationn.marathon.prod.mesos."));
    }

    @Test
    void canonicalLabelStaysWithin63Characters() {
        String longName = "x".repeat(70);
        Records r = generate(DnsConfig.defaults(), running("t1", longName, List.of(), List.of(), Map.of()));
        String canonical = "x".repeat(63 - 9) + "-" + RecordGenerator.hash("t1") + "-s3";
        assertEquals(63, canonical.length());
        assertEquals(List.of("10.1.1.1"), r.a(canonical + ".marathon.mesos."));
        assertEquals(List.of("10.1.1.1"), r.a("x".repeat(63) + ".marathon.mesos."));
    }

    @Test
    void serialAndDomainComeFromTheCaller() {
        Records r = GENERATOR.generate(ClusterState.empty(),
                DnsConfig.builder().domain("dcos.example").serverName("dns.dcos.example").serverIp("10.0.0.53")
                        .build(), 99);
        assertEquals(99, r.serial());
        assertEquals(Map.of("dns.dcos.example.", List.of("10.0.0.53")), r.aRecords());
    }
}

package io.plinth.itests.mesos;

import static io.plinth.itests.mesos.MesosClusterSupport.BOOT;
import static io.plinth.itests.mesos.MesosClusterSupport.millisSince;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.itests.cluster.PlinthCluster;
import io.plinth.itests.cluster.PlinthCluster.NodeSpec;
import io.plinth.itests.cluster.PlinthNode;
import io.plinth.itests.support.Await;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runners.MethodSorters;

/**
 * Acceptance of the Mesos operator endpoints and of the scheduler API's error answers, on one
 * {@code zookeeper,master,agent} node hosting two simulated agents.
 *
 * <p>Setup: a JSON framework (partition-aware) subscribes, gets an offer from each agent, launches
 * task {@code t1} on agent A (refusing the rest of A) and holds agent B's offer. The tests then run
 * in name order, each building on what the previous left: the JSON endpoints and the operator API
 * describe exactly that; bad calls get Mesos' status codes and change nothing (B's offer stays
 * usable); invalid ACCEPTs are answered by task updates and consume nothing; the operator event
 * stream shows a second task added and running.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OperatorApiIT {

    private static final int AGENTS = 2;
    private static final double CPUS = 4;
    private static final double MEM = 8192;
    private static final double DISK = 32768;
    private static final double TASK_CPUS = 0.1;
    private static final double TASK_MEM = 32;
    private static final double DELTA = 1e-6;
    private static final Duration EVENT_TIMEOUT = Duration.ofSeconds(30);

    private static PlinthCluster cluster;
    private static PlinthNode node;
    private static URI master;
    private static MesosOperator operator;
    private static MesosHttpFramework framework;
    private static Set<String> agentIds;
    private static String t1;
    private static SchedulerEvent.Offer offerA;
    private static SchedulerEvent.Offer offerB;
    /** A fresh, full offer of agent B, made after the invalid ACCEPTs; the operator stream test launches on it. */
    private static SchedulerEvent.Offer offerB2;

    @Rule
    public final TestWatcher logs = MesosClusterSupport.logsOnFailure(() -> cluster);

    @BeforeClass
    public static void startNodeAndLaunchOneTask() throws Exception {
        cluster = PlinthCluster.create(MesosClusterSupport.distribution(), MesosClusterSupport.workDirectory("mesos-operator-"),
                List.of(NodeSpec.member("zookeeper,resource-manager,agent", Map.of("PLINTH_SIMULATED_AGENTS", String.valueOf(AGENTS),
                        "PLINTH_CONTAINERIZER", "(plinth.containerizer=none)"))));
        node = cluster.nodes().get(0);
        long start = System.nanoTime();
        cluster.start();
        try {
            node.awaitReady(BOOT);
            master = MesosClusterSupport.awaitLeader(cluster, cluster.nodes(), null, BOOT);
            assertEquals("the only master leads", MesosClusterSupport.base(node), master);
            operator = new MesosOperator(master);
            JsonNode state = MesosClusterSupport.awaitActiveAgents(master, AGENTS, BOOT);
            agentIds = ids(state.path("slaves"));
            System.out.printf("[mesos] one node with %d simulated agents leads with them active after %d ms%n",
                    AGENTS, millisSince(start));

            framework = MesosHttpFramework.json("itest-operator", true, Duration.ofHours(1));
            framework.subscribe(master, Duration.ofSeconds(60));
            Map<String, SchedulerEvent.Offer> offers = new TreeMap<>();
            while (offers.size() < AGENTS) {
                SchedulerEvent.Offer offer = framework.nextOffer("an offer from each agent", Duration.ofSeconds(60));
                offers.putIfAbsent(offer.agentId(), offer);
            }
            assertEquals(agentIds, offers.keySet());
            List<SchedulerEvent.Offer> both = new ArrayList<>(offers.values());
            offerA = both.get(0);
            offerB = both.get(1);
            for (SchedulerEvent.Offer offer : both) {
                assertEquals("offered cpus " + offer, CPUS, offer.cpus(), DELTA);
                assertEquals("offered mem " + offer, MEM, offer.mem(), DELTA);
            }
            t1 = "itest-operator-t1";
            long launchAt = System.nanoTime();
            // refuse the rest of A for an hour, so that B's offer is the only one outstanding
            framework.launch(offerA, List.of(task(t1)), 3600);
            framework.awaitUpdate(t1 + " TASK_RUNNING", EVENT_TIMEOUT, launchAt,
                    update -> update.taskId().equals(t1) && update.state().equals("TASK_RUNNING"));
            System.out.printf("[mesos] %s TASK_RUNNING %d ms after ACCEPT%n", t1, millisSince(launchAt));
            Await.until("TASK_RUNNING of " + t1 + " acknowledged", EVENT_TIMEOUT, () -> framework.acknowledged(t1, "TASK_RUNNING"));
        } catch (AssertionError | RuntimeException e) {
            MesosClusterSupport.printLogs(cluster);
            throw e;
        }
    }

    @AfterClass
    public static void stopNode() {
        if (framework != null) {
            framework.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void a_masterStateHasTheMesosFields() {
        JsonNode state = operator.json("/master/state");
        for (String key : List.of("id", "pid", "hostname", "version", "leader", "leader_info", "activated_slaves", "start_time",
                "elected_time", "slaves", "frameworks", "completed_frameworks", "orphan_tasks", "unregistered_frameworks")) {
            assertTrue("/master/state has " + key + ": " + state, state.has(key));
        }
        assertEquals("this master leads", state.path("pid").asText(), state.path("leader").asText());
        assertTrue("pid looks like name@ip:port: " + state.path("pid"), state.path("pid").asText().contains("@"));
        assertFalse("hostname", state.path("hostname").asText().isEmpty());
        assertEquals(state.path("id").asText(), state.path("leader_info").path("id").asText());
        assertEquals("leader_info.port is where the master answers", node.httpPort(), state.path("leader_info").path("port").asInt());
        assertEquals(AGENTS, state.path("activated_slaves").asInt());
        assertTrue("start_time " + state.path("start_time"), state.path("start_time").asDouble() > 0);
        assertTrue("elected_time after start_time", state.path("elected_time").asDouble() >= state.path("start_time").asDouble());
        assertTrue(state.path("completed_frameworks").isArray());
        assertTrue(state.path("orphan_tasks").isArray());
        assertTrue(state.path("unregistered_frameworks").isArray());

        assertEquals(AGENTS, state.path("slaves").size());
        for (JsonNode slave : state.path("slaves")) {
            for (String key : List.of("id", "hostname", "pid", "resources", "used_resources", "offered_resources",
                    "unreserved_resources", "attributes", "active", "registered_time")) {
                assertTrue("slave has " + key + ": " + slave, slave.has(key));
            }
            assertTrue(slave.path("active").asBoolean());
            assertResources("slave resources", slave.path("resources"));
            assertResources("slave unreserved_resources", slave.path("unreserved_resources"));
            assertTrue("attributes is an object: " + slave, slave.path("attributes").isObject());
        }
        JsonNode slaveA = byId(state.path("slaves"), offerA.agentId());
        JsonNode slaveB = byId(state.path("slaves"), offerB.agentId());
        assertEquals("used cpus on A", TASK_CPUS, slaveA.path("used_resources").path("cpus").asDouble(), DELTA);
        assertEquals("used mem on A", TASK_MEM, slaveA.path("used_resources").path("mem").asDouble(), DELTA);
        assertEquals("used cpus on B", 0, slaveB.path("used_resources").path("cpus").asDouble(), DELTA);
        assertEquals("B's whole offer is outstanding", CPUS, slaveB.path("offered_resources").path("cpus").asDouble(), DELTA);

        assertEquals(1, state.path("frameworks").size());
        JsonNode fw = state.path("frameworks").get(0);
        for (String key : List.of("id", "name", "user", "active", "connected", "tasks", "resources", "used_resources",
                "offered_resources")) {
            assertTrue("framework has " + key + ": " + fw, fw.has(key));
        }
        assertTrue("framework has role or roles: " + fw, fw.has("role") || fw.has("roles"));
        assertEquals(framework.frameworkId(), fw.path("id").asText());
        assertEquals("itest-operator", fw.path("name").asText());
        assertTrue(fw.path("active").asBoolean());
        assertTrue(fw.path("connected").asBoolean());
        assertEquals(TASK_CPUS, fw.path("used_resources").path("cpus").asDouble(), DELTA);
        assertEquals(CPUS, fw.path("offered_resources").path("cpus").asDouble(), DELTA);
        assertEquals(1, fw.path("tasks").size());
        JsonNode task = fw.path("tasks").get(0);
        for (String key : List.of("id", "name", "framework_id", "slave_id", "state", "resources", "statuses")) {
            assertTrue("task has " + key + ": " + task, task.has(key));
        }
        assertEquals(t1, task.path("id").asText());
        assertEquals(framework.frameworkId(), task.path("framework_id").asText());
        assertEquals(offerA.agentId(), task.path("slave_id").asText());
        assertEquals("TASK_RUNNING", task.path("state").asText());
        assertEquals(TASK_CPUS, task.path("resources").path("cpus").asDouble(), DELTA);
        JsonNode statuses = task.path("statuses");
        assertTrue("statuses " + statuses, statuses.size() >= 1);
        JsonNode lastStatus = statuses.get(statuses.size() - 1);
        assertEquals("TASK_RUNNING", lastStatus.path("state").asText());
        assertTrue("status timestamp " + lastStatus, lastStatus.path("timestamp").isNumber() && lastStatus.path("timestamp").asDouble() > 0);
    }

    @Test
    public void b_otherJsonEndpointsAnswerWithTheirMesosKeys() {
        JsonNode slaves = operator.json("/master/slaves");
        assertEquals(agentIds, ids(slaves.path("slaves")));
        assertTrue("recovered_slaves: " + slaves, slaves.path("recovered_slaves").isArray());

        JsonNode frameworks = operator.json("/master/frameworks");
        assertEquals(Set.of(framework.frameworkId()), ids(frameworks.path("frameworks")));
        assertTrue("completed_frameworks: " + frameworks, frameworks.path("completed_frameworks").isArray());
        assertTrue("unregistered_frameworks: " + frameworks, frameworks.path("unregistered_frameworks").isArray());

        JsonNode tasks = operator.json("/master/tasks");
        JsonNode task = byId(tasks.path("tasks"), t1);
        assertEquals("TASK_RUNNING", task.path("state").asText());
        assertEquals(framework.frameworkId(), task.path("framework_id").asText());
        assertEquals(offerA.agentId(), task.path("slave_id").asText());

        JsonNode roles = operator.json("/master/roles");
        JsonNode star = null;
        for (JsonNode role : roles.path("roles")) {
            if (role.path("name").asText().equals("*")) {
                star = role;
            }
        }
        assertNotNull("role * in /master/roles: " + roles, star);
        assertEquals(1.0, star.path("weight").asDouble(), DELTA);
        assertTrue("framework listed under role *: " + star, StreamSupport.stream(star.path("frameworks").spliterator(), false)
                .anyMatch(id -> id.asText().equals(framework.frameworkId())));

        JsonNode summary = operator.json("/master/state-summary");
        assertFalse("hostname", summary.path("hostname").asText().isEmpty());
        assertEquals(agentIds, ids(summary.path("slaves")));
        int runningOnSlaves = 0;
        for (JsonNode slave : summary.path("slaves")) {
            for (String key : List.of("id", "hostname", "resources", "used_resources", "TASK_RUNNING")) {
                assertTrue("state-summary slave has " + key + ": " + slave, slave.has(key));
            }
            runningOnSlaves += slave.path("TASK_RUNNING").asInt();
        }
        assertEquals("TASK_RUNNING over the slaves of /master/state-summary", 1, runningOnSlaves);
        assertEquals(1, summary.path("frameworks").size());
        JsonNode fw = summary.path("frameworks").get(0);
        assertEquals(framework.frameworkId(), fw.path("id").asText());
        assertEquals("itest-operator", fw.path("name").asText());
        assertEquals("framework TASK_RUNNING in /master/state-summary: " + fw, 1, fw.path("TASK_RUNNING").asInt());

        assertEquals("/master/health", 200, operator.get("/master/health").status());

        JsonNode metrics = operator.json("/metrics/snapshot");
        assertEquals(metrics.toString(), 1.0, metrics.path("master/elected").asDouble(), DELTA);
        assertEquals(metrics.toString(), AGENTS, metrics.path("master/slaves_active").asDouble(), DELTA);
        assertEquals(metrics.toString(), 1.0, metrics.path("master/tasks_running").asDouble(), DELTA);
        assertEquals(metrics.toString(), 1.0, metrics.path("master/frameworks_active").asDouble(), DELTA);
    }

    @Test
    public void c_operatorApiCallsAnswerWithTheirResponses() throws Exception {
        JsonNode health = operator.call("GET_HEALTH");
        assertTrue(health.toString(), health.path("get_health").path("healthy").asBoolean());

        JsonNode getState = operator.call("GET_STATE").path("get_state");
        assertEquals(agentIds, agentIds(getState.path("get_agents").path("agents")));
        assertEquals(1, getState.path("get_frameworks").path("frameworks").size());
        assertEquals(framework.frameworkId(),
                getState.path("get_frameworks").path("frameworks").get(0).path("framework_info").path("id").path("value").asText());
        assertEquals("TASK_RUNNING", v1Task(getState.path("get_tasks").path("tasks"), t1).path("state").asText());

        JsonNode agents = operator.call("GET_AGENTS").path("get_agents").path("agents");
        assertEquals(agentIds, agentIds(agents));
        for (JsonNode agent : agents) {
            assertFalse("agent_info.hostname: " + agent, agent.path("agent_info").path("hostname").asText().isEmpty());
            assertTrue("active: " + agent, agent.path("active").asBoolean());
            assertEquals("total cpus: " + agent, CPUS, scalar(agent.path("total_resources"), "cpus"), DELTA);
            assertEquals("total mem: " + agent, MEM, scalar(agent.path("total_resources"), "mem"), DELTA);
            boolean isA = agent.path("agent_info").path("id").path("value").asText().equals(offerA.agentId());
            assertEquals("allocated cpus: " + agent, isA ? TASK_CPUS : 0, scalar(agent.path("allocated_resources"), "cpus"), DELTA);
            assertEquals("offered cpus: " + agent, isA ? 0 : CPUS, scalar(agent.path("offered_resources"), "cpus"), DELTA);
        }

        JsonNode frameworks = operator.call("GET_FRAMEWORKS").path("get_frameworks").path("frameworks");
        assertEquals(1, frameworks.size());
        JsonNode fw = frameworks.get(0);
        assertEquals(framework.frameworkId(), fw.path("framework_info").path("id").path("value").asText());
        assertEquals("itest-operator", fw.path("framework_info").path("name").asText());
        assertTrue("active: " + fw, fw.path("active").asBoolean());
        assertTrue("connected: " + fw, fw.path("connected").asBoolean());
        assertFalse("recovered: " + fw, fw.path("recovered").asBoolean());

        JsonNode task = v1Task(operator.call("GET_TASKS").path("get_tasks").path("tasks"), t1);
        assertEquals("TASK_RUNNING", task.path("state").asText());
        assertEquals(framework.frameworkId(), task.path("framework_id").path("value").asText());
        assertEquals(offerA.agentId(), task.path("agent_id").path("value").asText());

        // the same API in protobuf, with the official master Call/Response classes
        MesosHttp.Reply reply = operator.post(MesosOperator.OPERATOR_PATH,
                Call.newBuilder().setType(Call.Type.GET_AGENTS).build().toByteArray(),
                Map.of("Content-Type", MesosHttp.PROTOBUF, "Accept", MesosHttp.PROTOBUF));
        assertEquals(reply.toString(), 200, reply.status());
        assertTrue(reply.header("Content-Type").orElse(""), reply.header("Content-Type").orElse("").startsWith(MesosHttp.PROTOBUF));
        Response response = Response.parseFrom(reply.body());
        assertEquals(Response.Type.GET_AGENTS, response.getType());
        assertEquals(agentIds, response.getGetAgents().getAgentsList().stream()
                .map(agent -> agent.getAgentInfo().getId().getValue()).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    public void d_badCallsGetTheMesosStatusAndChangeNothing() {
        Map<String, String> before = digest();
        long since = System.nanoTime();
        URI scheduler = master.resolve(MesosHttpFramework.SCHEDULER_PATH);
        JsonSchedulerCodec json = new JsonSchedulerCodec();
        byte[] subscribeNew = json.subscribe("itest-rejected", "nobody", null, 60, false);
        String fid = framework.frameworkId();
        String stream = framework.streamId();
        byte[] acceptB = json.accept(fid, List.of(offerB.id()), offerB.agentId(), offerB.source(), List.of(task("itest-bad-accept")), 0);

        rejected("GET on the scheduler endpoint", 405, send("GET", scheduler, null, Map.of()));
        rejected("unsupported Content-Type", 415, send("POST", scheduler, subscribeNew, Map.of("Content-Type", "text/plain")));
        rejected("unacceptable Accept on SUBSCRIBE", 406, send("POST", scheduler, subscribeNew,
                Map.of("Content-Type", MesosHttp.JSON, "Accept", "text/html")));
        rejected("malformed JSON", 400, send("POST", scheduler, MesosHttp.utf8("{\"type\": \"SUBSCRIBE\", \"subscribe\": {"),
                Map.of("Content-Type", MesosHttp.JSON, "Accept", MesosHttp.JSON)));
        rejected("malformed protobuf", 400, send("POST", scheduler, new byte[] {0x0A, 0x7F, 0x01},
                Map.of("Content-Type", MesosHttp.PROTOBUF, "Accept", MesosHttp.PROTOBUF)));
        rejected("ACCEPT without framework_id", 400, send("POST", scheduler,
                json.accept(null, List.of(offerB.id()), offerB.agentId(), offerB.source(), List.of(task("itest-bad-no-id")), 0),
                Map.of("Content-Type", MesosHttp.JSON, MesosHttp.STREAM_ID, stream)));
        rejected("ACCEPT without Mesos-Stream-Id", 400, send("POST", scheduler, acceptB, Map.of("Content-Type", MesosHttp.JSON)));
        rejected("ACCEPT with another stream's id", 400, send("POST", scheduler, acceptB,
                Map.of("Content-Type", MesosHttp.JSON, MesosHttp.STREAM_ID, UUID.randomUUID().toString())));
        rejected("KILL without Mesos-Stream-Id", 400, send("POST", scheduler, json.kill(fid, t1, offerA.agentId()),
                Map.of("Content-Type", MesosHttp.JSON)));
        rejected("KILL by a framework that is not subscribed", 403, send("POST", scheduler,
                json.kill("itest-no-such-framework", t1, offerA.agentId()),
                Map.of("Content-Type", MesosHttp.JSON, MesosHttp.STREAM_ID, UUID.randomUUID().toString())));
        URI operatorApi = master.resolve(MesosOperator.OPERATOR_PATH);
        rejected("GET on the operator endpoint", 405, send("GET", operatorApi, null, Map.of()));
        rejected("malformed operator call", 400, send("POST", operatorApi, MesosHttp.utf8("{\"type\":"),
                Map.of("Content-Type", MesosHttp.JSON, "Accept", MesosHttp.JSON)));

        assertEquals("/master/state after the rejected calls", before, digest());
        assertEquals("updates caused by rejected calls", List.of(), framework.updates().stream()
                .filter(update -> update.receivedNanos() >= since).map(SchedulerEvent.Update::toString).collect(Collectors.toList()));
        assertEquals("stream still open", "open", framework.streamState());
    }

    @Test
    public void e_invalidAcceptsAreAnsweredByTaskUpdatesAndConsumeNothing() {
        Map<String, String> before = digest();

        // an offer id the master never made, then A's offer again (accepted already, so no longer valid)
        invalidOffer("itest-unknown-offer", List.of("itest-no-such-offer"), offerB);
        invalidOffer("itest-used-offer", List.of(offerA.id()), offerA);
        assertEquals("/master/state after ACCEPTs of invalid offers", before, digest());

        // more than B offers: the task is invalid; B's resources return unused
        String tooBig = "itest-too-big";
        long since = System.nanoTime();
        framework.accepted("ACCEPT beyond the offer", framework.codec().accept(framework.frameworkId(), List.of(offerB.id()),
                offerB.agentId(), offerB.source(), List.of(new SchedulerEvent.TaskSpec(tooBig, tooBig, 100, TASK_MEM, "sleep 1000")), 0));
        SchedulerEvent.Update update = framework.awaitUpdate("the update of " + tooBig, EVENT_TIMEOUT, since,
                candidate -> candidate.taskId().equals(tooBig));
        assertEquals(update.toString(), "TASK_ERROR", update.state());
        assertEquals(update.toString(), "REASON_TASK_INVALID", update.reason());
        // offers may move (B's resources are back with the allocator), tasks and usage may not
        assertEquals("/master/state after an ACCEPT beyond the offer", withoutOffers(before), withoutOffers(digest()));

        framework.revive();
        offerB2 = Await.until("a full offer of agent B again", EVENT_TIMEOUT, () -> {
            SchedulerEvent.Offer offer = framework.pollOffer(Duration.ofMillis(500)).orElse(null);
            return offer != null && offer.agentId().equals(offerB.agentId()) ? offer : null;
        });
        assertEquals("B's cpus are all offered again", CPUS, offerB2.cpus(), DELTA);
        assertEquals("B's mem is all offered again", MEM, offerB2.mem(), DELTA);
    }

    @Test
    public void f_operatorStreamShowsATaskAddedAndUpdated() {
        assertNotNull("needs B's fresh offer from the previous test", offerB2);
        try (MesosOperator.Stream events = operator.subscribe()) {
            JsonNode subscribed = events.await("SUBSCRIBED", EVENT_TIMEOUT, event -> true);
            assertEquals("SUBSCRIBED comes first", "SUBSCRIBED", events.events().get(0).path("type").asText());
            JsonNode snapshot = subscribed.path("subscribed").path("get_state");
            assertEquals(agentIds, agentIds(snapshot.path("get_agents").path("agents")));
            assertEquals("TASK_RUNNING", v1Task(snapshot.path("get_tasks").path("tasks"), t1).path("state").asText());

            String t2 = "itest-operator-t2";
            long launchAt = System.nanoTime();
            framework.launch(offerB2, List.of(task(t2)), 3600);
            framework.awaitUpdate(t2 + " TASK_RUNNING", EVENT_TIMEOUT, launchAt,
                    update -> update.taskId().equals(t2) && update.state().equals("TASK_RUNNING"));
            JsonNode added = events.await("TASK_ADDED", EVENT_TIMEOUT,
                    event -> event.path("task_added").path("task").path("task_id").path("value").asText().equals(t2));
            JsonNode task = added.path("task_added").path("task");
            assertEquals(framework.frameworkId(), task.path("framework_id").path("value").asText());
            assertEquals(offerB.agentId(), task.path("agent_id").path("value").asText());
            JsonNode running = events.await("TASK_UPDATED", EVENT_TIMEOUT,
                    event -> event.path("task_updated").path("status").path("task_id").path("value").asText().equals(t2)
                            && event.path("task_updated").path("state").asText().equals("TASK_RUNNING"));
            assertEquals(framework.frameworkId(), running.path("task_updated").path("framework_id").path("value").asText());
            List<JsonNode> seen = events.events();
            assertTrue("TASK_ADDED before TASK_UPDATED", seen.indexOf(added) < seen.indexOf(running));
            System.out.printf("[mesos] operator stream: TASK_ADDED and TASK_UPDATED(TASK_RUNNING) of %s within %d ms of ACCEPT%n",
                    t2, millisSince(launchAt));
        }
        JsonNode metrics = operator.json("/metrics/snapshot");
        assertEquals(metrics.toString(), 2.0, metrics.path("master/tasks_running").asDouble(), DELTA);
    }

    /** ACCEPT of offers that are not (or no longer) valid: 202, then TASK_DROPPED with REASON_INVALID_OFFERS. */
    private static void invalidOffer(String taskId, List<String> offerIds, SchedulerEvent.Offer shape) {
        long since = System.nanoTime();
        framework.accepted("ACCEPT of invalid offers " + offerIds, framework.codec().accept(framework.frameworkId(), offerIds,
                shape.agentId(), shape.source(), List.of(task(taskId)), 0));
        SchedulerEvent.Update update = framework.awaitUpdate("the update of " + taskId, EVENT_TIMEOUT, since,
                candidate -> candidate.taskId().equals(taskId));
        assertEquals("partition-aware framework: " + update, "TASK_DROPPED", update.state());
        assertEquals(update.toString(), "REASON_INVALID_OFFERS", update.reason());
    }

    private static void rejected(String what, int status, MesosHttp.Reply reply) {
        assertEquals(what + ": " + reply, status, reply.status());
        assertFalse(what + " answers a message", reply.text().isBlank());
    }

    private static MesosHttp.Reply send(String method, URI uri, byte[] body, Map<String, String> headers) {
        try {
            return MesosHttp.send(method, uri, body, headers);
        } catch (Exception e) {
            throw new AssertionError(method + " " + uri + " failed", e);
        }
    }

    /**
     * What a rejected or invalid call must not change, from {@code /master/state}: frameworks, their
     * tasks and states, each agent's and framework's used and offered resources.
     */
    private static Map<String, String> digest() {
        JsonNode state = operator.json("/master/state");
        Map<String, String> digest = new TreeMap<>();
        digest.put("frameworks", ids(state.path("frameworks")).toString());
        digest.put("completed_frameworks", ids(state.path("completed_frameworks")).toString());
        for (JsonNode fw : state.path("frameworks")) {
            for (JsonNode task : fw.path("tasks")) {
                digest.put("task " + task.path("id").asText(), task.path("state").asText());
            }
            digest.put("used by " + fw.path("id").asText(), fw.path("used_resources").toString());
            digest.put("offered to " + fw.path("id").asText(), fw.path("offered_resources").toString());
        }
        for (JsonNode slave : state.path("slaves")) {
            digest.put("used on " + slave.path("id").asText(), slave.path("used_resources").toString());
            digest.put("offered on " + slave.path("id").asText(), slave.path("offered_resources").toString());
        }
        return digest;
    }

    private static Map<String, String> withoutOffers(Map<String, String> digest) {
        Map<String, String> rest = new TreeMap<>(digest);
        rest.keySet().removeIf(key -> key.startsWith("offered "));
        return rest;
    }

    private static void assertResources(String what, JsonNode resources) {
        assertEquals(what + " cpus: " + resources, CPUS, resources.path("cpus").asDouble(), DELTA);
        assertEquals(what + " mem: " + resources, MEM, resources.path("mem").asDouble(), DELTA);
        assertEquals(what + " disk: " + resources, DISK, resources.path("disk").asDouble(), DELTA);
        assertEquals(what + " ports: " + resources, "[31000-32000]", resources.path("ports").asText());
    }

    private static SchedulerEvent.TaskSpec task(String id) {
        return new SchedulerEvent.TaskSpec(id, id, TASK_CPUS, TASK_MEM, "sleep 1000");
    }

    private static Set<String> ids(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(item -> item.path("id").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> agentIds(JsonNode v1Agents) {
        return StreamSupport.stream(v1Agents.spliterator(), false)
                .map(agent -> agent.path("agent_info").path("id").path("value").asText())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static JsonNode byId(JsonNode array, String id) {
        for (JsonNode item : array) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no item with id " + id + " in " + array);
    }

    private static JsonNode v1Task(JsonNode tasks, String taskId) {
        for (JsonNode task : tasks) {
            if (task.path("task_id").path("value").asText().equals(taskId)) {
                return task;
            }
        }
        throw new AssertionError("no task " + taskId + " in " + tasks);
    }

    /** Sum of the scalar resources named {@code name} in a v1 resource list. */
    private static double scalar(JsonNode resources, String name) {
        double total = 0;
        for (JsonNode resource : resources) {
            if (resource.path("name").asText().equals(name)) {
                total += resource.path("scalar").path("value").asDouble();
            }
        }
        return total;
    }
}

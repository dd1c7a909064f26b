package io.plinth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.plinth.itests.support.Await;
import io.plinth.itests.support.Http;
import io.plinth.itests.support.Json;
import java.util.List;
import java.util.Map;
import io.plinth.itests.support.PlinthKarafTestSupport;
import java.time.Duration;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The all-in-one node as ./run.sh starts it: role provisioning, REST, election, ZooKeeper, shell. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AllInOneIT extends PlinthKarafTestSupport {

    @Override
    protected String role() {
        return "all-in-one";
    }

    @Before
    public void nodeIsProvisioned() throws Exception {
        Await.until("plinth-all-in-one installed", BOOT_TIMEOUT,
                () -> featuresService.isInstalled(featuresService.getFeature("plinth-all-in-one")));
        assertFeatureBundlesActive("plinth-all-in-one");
        assertPlinthComponentsHealthy();
    }

    @Test
    public void pingAnswersPong() {
        Http.Response ping = http().awaitOk("/ping", BOOT_TIMEOUT);
        assertEquals("pong", ping.body());
        assertTrue(ping.contentType(), ping.contentType().startsWith("text/plain"));
    }

    @Test
    public void thisNodeLeadsMesos() throws Exception {
        Http.Response leader = http().awaitOk("/system/v1/leader/mesos", BOOT_TIMEOUT);
        Map<String, Object> body = Json.object(leader.body());
        assertEquals("127.0.0.1:" + httpPort(), body.get("leader"));
        assertEquals(httpPort(), body.get("port"));
        assertEquals(body.get("id"), CoordinationChecks.leaderId(bundleContext, "mesos"));
    }

    @Test
    public void theNodesOwnAgentRegistersAndServesItsState() {
        Map<String, Object> agent = Await.until("the node's agent with an id in /slave(1)/state", BOOT_TIMEOUT, () -> {
            Http.Response state = http().get("/slave(1)/state");
            Map<String, Object> body = state.status() == 200 ? Json.object(state.body()) : Map.of();
            return body.get("id") instanceof String id && !id.isEmpty() ? body : null;
        });
        String id = (String) agent.get("id");
        Await.until("agent " + id + " in /master/slaves", BOOT_TIMEOUT, () -> {
            Http.Response slaves = http().get("/master/slaves");
            return slaves.status() == 200 && slaves.body().contains(id) ? true : null;
        });
        assertEquals("slave(1)@" + agent.get("hostname") + ":" + httpPort(), agent.get("pid"));
    }

    @Test
    public void theFilesApiRefusesPathsOutsideTheSandboxes() throws Exception {
        http().awaitOk("/slave(1)/state", BOOT_TIMEOUT);
        assertEquals(400, http().get("/files/read?path=%2Ftmp%2F..%2Fetc%2Fpasswd&offset=0").status());
        assertEquals(403, http().get("/files/read?path=%2Fetc%2Fpasswd&offset=0").status());
    }

    @Test
    public void unknownGroupHasNoLeader() throws Exception {
        http().awaitOk("/ping", BOOT_TIMEOUT);
        Http.Response missing = http().get("/system/v1/leader/no-such-group");
        assertEquals(404, missing.status());
        assertEquals("There is no leader for group 'no-such-group'", Json.object(missing.body()).get("message"));
    }

    @Test
    public void unknownPathIsAJsonNotFound() throws Exception {
        http().awaitOk("/ping", BOOT_TIMEOUT);
        Http.Response missing = http().get("/no/such/path");
        assertEquals(404, missing.status());
        assertTrue(missing.body(), Json.object(missing.body()).containsKey("message"));
    }

    @Test
    public void exhibitorShowsOneServingLeader() throws Exception {
        Http.Response status = http().awaitOk("/exhibitor/v1/cluster/status", BOOT_TIMEOUT);
        List<Map<String, Object>> members = Json.array(status.body());
        assertEquals(status.body(), 1, members.size());
        Map<String, Object> member = members.get(0);
        assertEquals(3, member.get("code"));
        assertEquals("serving", member.get("description"));
        assertEquals(true, member.get("isLeader"));
        assertEquals(List.of("hostname", "code", "description", "isLeader"), List.copyOf(member.keySet()));
    }

    @Test
    public void shellShowsLeadersAndZooKeeper() throws Exception {
        http().awaitOk("/system/v1/leader/mesos", BOOT_TIMEOUT);
        String leaders = executeCommand("plinth:leaders");
        assertTrue(leaders, leaders.contains("mesos"));
        assertTrue(leaders, leaders.contains("127.0.0.1:" + httpPort()));
        String zk = executeCommand("plinth:zk-status");
        assertTrue(zk, zk.contains("serving"));
    }

    @Test
    public void stateStoreKeepsVersionedEntitiesInTheEmbeddedZooKeeper() {
        CoordinationChecks.versionedRoundTrip(bundleContext, BOOT_TIMEOUT);
    }
}

package io.plinth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;
import io.plinth.coordination.api.StateStore;
import io.plinth.coordination.api.VersionConflictException;
import io.plinth.coordination.api.Versioned;
import io.plinth.itests.support.Await;
import io.plinth.itests.support.Http;
import io.plinth.itests.support.PlinthKarafTestSupport;
import java.time.Duration;
import java.util.Map;
import javax.inject.Inject;
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

    private final ObjectMapper json = new ObjectMapper();

    @Inject
    private LeaderDetector detector;

    @Inject
    private StateStore stateStore;

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
        JsonNode body = json.readTree(leader.body());
        assertEquals("127.0.0.1:" + httpPort(), body.path("leader").asText());
        assertEquals(httpPort(), body.path("port").asInt());
        LeaderInfo seen = detector.leader("mesos").orElseThrow();
        assertEquals(body.path("id").asText(), seen.id());
    }

    @Test
    public void unknownGroupHasNoLeader() throws Exception {
        http().awaitOk("/ping", BOOT_TIMEOUT);
        Http.Response missing = http().get("/system/v1/leader/no-such-group");
        assertEquals(404, missing.status());
        assertEquals("There is no leader for group 'no-such-group'", json.readTree(missing.body()).path("message").asText());
    }

    @Test
    public void unknownPathIsAJsonNotFound() throws Exception {
        http().awaitOk("/ping", BOOT_TIMEOUT);
        Http.Response missing = http().get("/no/such/path");
        assertEquals(404, missing.status());
        assertTrue(missing.body(), json.readTree(missing.body()).has("message"));
    }

    @Test
    public void exhibitorShowsOneServingLeader() throws Exception {
        Http.Response status = http().awaitOk("/exhibitor/v1/cluster/status", BOOT_TIMEOUT);
        JsonNode members = json.readTree(status.body());
        assertEquals(status.body(), 1, members.size());
        JsonNode member = members.get(0);
        assertEquals(3, member.path("code").asInt());
        assertEquals("serving", member.path("description").asText());
        assertTrue(member.path("isLeader").asBoolean());
        assertTrue(member.has("hostname"));
    }

    @Test
    public void shellShowsLeadersAndZooKeeper() throws Exception {
        Await.until("mesos leader", BOOT_TIMEOUT, () -> detector.leader("mesos").isPresent());
        String leaders = executeCommand("plinth:leaders");
        assertTrue(leaders, leaders.contains("mesos"));
        assertTrue(leaders, leaders.contains("127.0.0.1:" + httpPort()));
        String zk = executeCommand("plinth:zk-status");
        assertTrue(zk, zk.contains("serving"));
    }

    @Test
    public void stateStoreKeepsVersionedEntitiesInTheEmbeddedZooKeeper() {
        EntityStore<Map> store = stateStore.collection("itest-" + System.nanoTime(), Map.class);
        Versioned<Map> created = Await.until("store reachable", BOOT_TIMEOUT, () -> store.create("a", Map.of("n", 1)));
        assertEquals(0, created.version());
        Versioned<Map> updated = store.update("a", Map.of("n", 2), created.version());
        assertEquals(1, updated.version());
        try {
            store.update("a", Map.of("n", 3), created.version());
            throw new AssertionError("stale update accepted");
        } catch (VersionConflictException expected) {
            assertEquals(2, store.get("a").orElseThrow().value().get("n"));
        }
        assertTrue(store.delete("a"));
        assertFalse(store.get("a").isPresent());
    }
}

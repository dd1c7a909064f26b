package io.plinth.master.operator.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.master.operator.state.Json;
import io.plinth.master.operator.testing.FakeLeaderDetector;
import io.plinth.master.operator.testing.FakeResourceManager;
import io.plinth.master.operator.testing.Fixtures;
import io.plinth.master.operator.testing.Requests;
import java.util.Optional;
import javax.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class MasterResourceTest {

    private final Json json = new Json();
    private final FakeResourceManager manager = new FakeResourceManager();

    private MasterResource leading() {
        MasterResource resource = following(FakeLeaderDetector.none());
        resource.bindManager(manager);
        return resource;
    }

    private MasterResource following(FakeLeaderDetector detector) {
        return new MasterResource(new LeadingMaster(detector), json, Optional.of("prod"), Fixtures.BUILD);
    }

    private JsonNode body(Response response) {
        assertEquals(200, response.getStatus());
        assertEquals("application/json", response.getMediaType().toString());
        return json.parse((byte[]) response.getEntity());
    }

    @Test
    void theLeaderAnswersEveryDocument() {
        MasterResource resource = leading();
        assertEquals("master-1", body(resource.state(Requests.uri("/master/state"))).get("id").asText());
        assertEquals("master-1", body(resource.stateJson(Requests.uri("/master/state.json"))).get("id").asText());
        assertEquals(2, body(resource.stateSummary(Requests.uri("/master/state-summary"))).get("slaves").size());
        assertEquals(1, body(resource.slaves(Requests.uri("/master/slaves"), "S0")).get("slaves").size());
        assertEquals(2, body(resource.slaves(Requests.uri("/master/slaves"), null)).get("slaves").size());
        assertEquals(1, body(resource.frameworks(Requests.uri("/master/frameworks"), "fw-2")).get("frameworks").size());
        assertEquals(2, body(resource.frameworks(Requests.uri("/master/frameworks"), "")).get("frameworks").size());
        assertEquals(2, body(resource.roles(Requests.uri("/master/roles"))).get("roles").size());
        JsonNode tasks = body(resource.tasks(Requests.uri("/master/tasks"), "1", "1", "asc", null, null)).get("tasks");
        assertEquals(1, tasks.size());
        assertEquals("web.0", tasks.get(0).get("id").asText());
    }

    @Test
    void aBadTaskQueryIsABadRequestNamingTheParameter() {
        Response response = leading().tasks(Requests.uri("/master/tasks?limit=x"), "x", null, null, null, null);
        assertEquals(400, response.getStatus());
        assertEquals("text/plain", response.getMediaType().toString());
        assertEquals("Query parameter 'limit' must be a non-negative integer, not 'x'", response.getEntity());
    }

    @Test
    void anotherMasterRedirectsToTheLeaderKeepingPathAndQuery() {
        MasterResource resource = following(FakeLeaderDetector.of(FakeLeaderDetector.OTHER_MASTER));

        Response state = resource.state(Requests.uri("http://10.0.0.1:5050/master/state"));
        assertEquals(307, state.getStatus());
        assertEquals("//10.0.0.9:5050/master/state", state.getHeaderString("Location"));

        Response tasks = resource.tasks(Requests.uri("http://10.0.0.1:5050/master/tasks?limit=5&order=asc"),
                "5", null, "asc", null, null);
        assertEquals(307, tasks.getStatus());
        assertEquals("//10.0.0.9:5050/master/tasks?limit=5&order=asc", tasks.getHeaderString("Location"));

        assertEquals(307, resource.stateSummary(Requests.uri("/master/state-summary")).getStatus());
        assertEquals(307, resource.slaves(Requests.uri("/master/slaves"), null).getStatus());
        assertEquals(307, resource.frameworks(Requests.uri("/master/frameworks"), null).getStatus());
        assertEquals(307, resource.roles(Requests.uri("/master/roles")).getStatus());
        assertEquals(307, resource.tasks(Requests.uri("/master/tasks?limit=x"), "x", null, null, null, null).getStatus(),
                "the leader judges the query");
    }

    @Test
    void withoutLeaderTheStateIsUnavailable() {
        Response response = following(FakeLeaderDetector.none()).state(Requests.uri("/master/state"));
        assertEquals(503, response.getStatus());
        assertEquals("No leader elected", response.getEntity());
        assertNull(response.getHeaderString("Location"));
    }

    @Test
    void healthIsOkOnAnyMaster() {
        Response response = following(FakeLeaderDetector.none()).health();
        assertEquals(200, response.getStatus());
        assertNull(response.getEntity());
        assertEquals(200, leading().health().getStatus());
    }

    @Test
    void redirectPointsAtTheLeadersRoot() {
        Response response = following(FakeLeaderDetector.of(FakeLeaderDetector.OTHER_MASTER)).redirect();
        assertEquals(307, response.getStatus());
        assertEquals("//10.0.0.9:5050", response.getHeaderString("Location"));
        assertEquals(503, following(FakeLeaderDetector.none()).redirect().getStatus());
    }

    @Test
    void losingLeadershipMidRequestIsUnavailableNotAnError() {
        MasterResource resource = leading();
        manager.failing();
        Response response = resource.state(Requests.uri("/master/state"));
        assertEquals(503, response.getStatus());
        assertEquals("The master's state is not available: no longer leading", response.getEntity());
        assertEquals(503, resource.roles(Requests.uri("/master/roles")).getStatus());
    }

    @Test
    void unbindingTheManagerTurnsTheLeaderIntoAFollower() {
        MasterResource resource = following(FakeLeaderDetector.of(FakeLeaderDetector.OTHER_MASTER));
        resource.bindManager(manager);
        assertEquals(200, resource.state(Requests.uri("/master/state")).getStatus());
        resource.unbindManager(new FakeResourceManager());
        assertEquals(200, resource.state(Requests.uri("/master/state")).getStatus(), "another manager's unbinding");
        resource.unbindManager(manager);
        assertEquals(307, resource.state(Requests.uri("/master/state")).getStatus());
    }
}

package io.plinth.master.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.master.operator.testing.FakeResourceManager;
import io.plinth.master.operator.testing.Fixtures;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Flag;
import org.apache.mesos.v1.Protos.Metric;
import org.apache.mesos.v1.master.Protos.Call;
import org.apache.mesos.v1.master.Protos.Response;
import org.junit.jupiter.api.Test;

class OperatorCallsTest {

    private final OperatorCalls calls = new OperatorCalls(Optional.of("prod"), Fixtures.BUILD);
    private final FakeResourceManager manager = new FakeResourceManager();

    private Response answer(Call.Type type) {
        return calls.answer(Call.newBuilder().setType(type).build(), manager);
    }

    @Test
    void getHealthIsHealthy() {
        Response response = answer(Call.Type.GET_HEALTH);
        assertEquals(Response.Type.GET_HEALTH, response.getType());
        assertTrue(response.getGetHealth().getHealthy());
    }

    @Test
    void stateCallsAnswerFromTheManagersState() {
        Response state = answer(Call.Type.GET_STATE);
        assertEquals(Response.Type.GET_STATE, state.getType());
        assertEquals(Fixtures.state(), state.getGetState());

        Response agents = answer(Call.Type.GET_AGENTS);
        assertEquals(Response.Type.GET_AGENTS, agents.getType());
        assertEquals(Fixtures.state().getGetAgents(), agents.getGetAgents());

        Response frameworks = answer(Call.Type.GET_FRAMEWORKS);
        assertEquals(Response.Type.GET_FRAMEWORKS, frameworks.getType());
        assertEquals(2, frameworks.getGetFrameworks().getFrameworksCount());
        assertEquals(1, frameworks.getGetFrameworks().getCompletedFrameworksCount());

        Response tasks = answer(Call.Type.GET_TASKS);
        assertEquals(Response.Type.GET_TASKS, tasks.getType());
        assertEquals(Fixtures.tasks(), tasks.getGetTasks());

        Response executors = answer(Call.Type.GET_EXECUTORS);
        assertEquals(Response.Type.GET_EXECUTORS, executors.getType());
        assertEquals(1, executors.getGetExecutors().getExecutorsCount());

        Response roles = answer(Call.Type.GET_ROLES);
        assertEquals(Response.Type.GET_ROLES, roles.getType());
        assertEquals(Fixtures.roles(), roles.getGetRoles());
    }

    @Test
    void getMasterTellsWhoLeadsSinceWhen() {
        Response response = answer(Call.Type.GET_MASTER);
        assertEquals(Response.Type.GET_MASTER, response.getType());
        assertEquals(Fixtures.master(), response.getGetMaster().getMasterInfo());
        assertEquals(1_600_000_000.25, response.getGetMaster().getStartTime());
        assertEquals(1_600_000_010.5, response.getGetMaster().getElectedTime());
    }

    @Test
    void getVersionReportsTheMastersVersionAndTheBuild() {
        Response response = answer(Call.Type.GET_VERSION);
        assertEquals(Response.Type.GET_VERSION, response.getType());
        assertEquals("1.11.0", response.getGetVersion().getVersionInfo().getVersion());
        assertEquals("builder", response.getGetVersion().getVersionInfo().getBuildUser());
        assertEquals(1_599_999_000.0, response.getGetVersion().getVersionInfo().getBuildTime());
        assertEquals("2020-09-13 12:10:00", response.getGetVersion().getVersionInfo().getBuildDate());
    }

    @Test
    void getMetricsAddsElected() {
        Response response = answer(Call.Type.GET_METRICS);
        assertEquals(Response.Type.GET_METRICS, response.getType());
        Map<String, Double> metrics = response.getGetMetrics().getMetricsList().stream()
                .collect(Collectors.toMap(Metric::getName, Metric::getValue));
        assertEquals(1.0, metrics.get("master/elected"));
        assertEquals(1.0, metrics.get("master/tasks_running"));
        assertEquals(12.5, metrics.get("master/uptime_secs"));
    }

    @Test
    void getFlagsShowsTheMastersFlags() {
        Response response = answer(Call.Type.GET_FLAGS);
        assertEquals(Response.Type.GET_FLAGS, response.getType());
        Map<String, String> flags = response.getGetFlags().getFlagsList().stream()
                .collect(Collectors.toMap(Flag::getName, Flag::getValue));
        assertEquals("10.0.0.1", flags.get("ip"));
        assertEquals("5050", flags.get("port"));
        assertEquals("prod", flags.get("cluster"));
        assertEquals("false", flags.get("authenticate_frameworks"));
    }

    @Test
    void callsThatChangeTheClusterAreNotImplemented() {
        for (Call.Type type : new Call.Type[] {Call.Type.RESERVE_RESOURCES, Call.Type.TEARDOWN, Call.Type.READ_FILE,
                Call.Type.SET_LOGGING_LEVEL, Call.Type.UPDATE_QUOTA, Call.Type.DRAIN_AGENT}) {
            CallRejected rejected = assertThrows(CallRejected.class, () -> answer(type));
            assertEquals(501, rejected.status(), type.name());
            assertEquals("Call type '" + type.name() + "' is not implemented by this master", rejected.getMessage());
        }
        assertEquals(501, assertThrows(CallRejected.class, () -> answer(Call.Type.UNKNOWN)).status());
    }

    @Test
    void aCallWithoutTypeIsInvalid() {
        CallRejected rejected = assertThrows(CallRejected.class, () -> OperatorCalls.validate(Call.getDefaultInstance()));
        assertEquals(400, rejected.status());
        assertEquals("Failed to validate master::Call: Expecting 'type' to be present", rejected.getMessage());
        OperatorCalls.validate(Call.newBuilder().setType(Call.Type.UNKNOWN).build());
    }

    @Test
    void onlySubscribeIsAStream() {
        assertTrue(OperatorCalls.isStream(Call.newBuilder().setType(Call.Type.SUBSCRIBE).build()));
        assertFalse(OperatorCalls.isStream(Call.newBuilder().setType(Call.Type.GET_STATE).build()));
    }
}

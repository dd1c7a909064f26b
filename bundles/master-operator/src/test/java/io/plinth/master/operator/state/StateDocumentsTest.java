package io.plinth.master.operator.state;

import static io.plinth.master.operator.testing.Fixtures.status;
import static io.plinth.master.operator.testing.Fixtures.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.master.operator.testing.FakeResourceManager;
import io.plinth.master.operator.testing.Fixtures;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.master.Protos.Response.GetState;
import org.apache.mesos.v1.master.Protos.Response.GetTasks;
import org.junit.jupiter.api.Test;

class StateDocumentsTest {

    private final Json json = new Json();
    private final StateDocuments documents = new StateDocuments(json, Optional.of("prod"), Fixtures.BUILD);
    private final MasterSnapshot snapshot = MasterSnapshot.of(new FakeResourceManager());

    /** Renders through bytes and back, so that the assertions see what a client sees. */
    private JsonNode written(JsonNode document) {
        return json.parse(json.bytes(document));
    }

    @Test
    void stateDescribesTheLeadingMaster() {
        JsonNode state = written(documents.state(snapshot));

        assertEquals("1.11.0", state.get("version").asText());
        assertEquals("2020-09-13 12:10:00", state.get("build_date").asText());
        assertEquals(1_599_999_000.0, state.get("build_time").asDouble());
        assertEquals("builder", state.get("build_user").asText());
        assertEquals(1_600_000_000.25, state.get("start_time").asDouble());
        assertEquals(1_600_000_010.5, state.get("elected_time").asDouble());
        assertEquals("master-1", state.get("id").asText());
        assertEquals("master@10.0.0.1:5050", state.get("pid").asText());
        assertEquals("m1.example", state.get("hostname").asText());
        assertEquals(1.0, state.get("activated_slaves").asDouble());
        assertEquals(1.0, state.get("deactivated_slaves").asDouble());
        assertEquals(1.0, state.get("unreachable_slaves").asDouble());
        assertEquals("master@10.0.0.1:5050", state.get("leader").asText());
        assertEquals("master-1", state.at("/leader_info/id").asText());
        assertEquals("master@10.0.0.1:5050", state.at("/leader_info/pid").asText());
        assertEquals(5050, state.at("/leader_info/port").asInt());
        assertEquals("m1.example", state.at("/leader_info/hostname").asText());
        assertEquals("prod", state.get("cluster").asText());
        assertEquals("10.0.0.1", state.at("/flags/ip").asText());
        assertEquals("5050", state.at("/flags/port").asText());
        assertEquals("prod", state.at("/flags/cluster").asText());
        assertFalse(state.has("log_dir"));
        assertEquals(0, state.get("orphan_tasks").size());
        assertEquals(0, state.get("unregistered_frameworks").size());
        assertEquals(0, state.get("recovered_slaves").size());
    }

    @Test
    void withoutClusterNameThereIsNoClusterField() {
        StateDocuments unnamed = new StateDocuments(json, Optional.empty(), Fixtures.BUILD);
        assertFalse(unnamed.state(snapshot).has("cluster"));
        assertFalse(unnamed.state(snapshot).get("flags").has("cluster"));
        assertFalse(unnamed.stateSummary(snapshot).has("cluster"));
    }

    @Test
    void stateListsAgentsWithTheirResourcesByReservation() {
        JsonNode slaves = written(documents.state(snapshot)).get("slaves");
        assertEquals(2, slaves.size());

        JsonNode s0 = slaves.get(0);
        assertEquals("S0", s0.get("id").asText());
        assertEquals("slave(1)@a1.example:5051", s0.get("pid").asText());
        assertEquals("a1.example", s0.get("hostname").asText());
        assertEquals(5051, s0.get("port").asInt());
        assertEquals("r1", s0.at("/attributes/rack").asText());
        assertEquals(2.0, s0.at("/attributes/level").asDouble());
        assertEquals(1_600_000_020.5, s0.get("registered_time").asDouble());
        assertFalse(s0.has("reregistered_time"));
        assertEquals(5.0, s0.at("/resources/cpus").asDouble());
        assertEquals(0.0, s0.at("/resources/gpus").asDouble());
        assertEquals(8192.0, s0.at("/resources/mem").asDouble());
        assertEquals(10000.0, s0.at("/resources/disk").asDouble());
        assertEquals("[31000-32000]", s0.at("/resources/ports").asText());
        assertEquals(1.5, s0.at("/used_resources/cpus").asDouble());
        assertEquals(1024.0, s0.at("/used_resources/mem").asDouble());
        assertEquals(2.0, s0.at("/offered_resources/cpus").asDouble());
        assertEquals(1.0, s0.at("/reserved_resources/slave_public/cpus").asDouble());
        assertEquals(0.0, s0.at("/reserved_resources/slave_public/mem").asDouble());
        assertEquals(List.of("slave_public"), names(s0.get("reserved_resources")));
        assertEquals(4.0, s0.at("/unreserved_resources/cpus").asDouble());
        assertEquals("[31000-32000]", s0.at("/unreserved_resources/ports").asText());
        assertTrue(s0.get("active").asBoolean());
        assertEquals("1.11.0", s0.get("version").asText());
        assertEquals("MULTI_ROLE", s0.at("/capabilities/0").asText());

        JsonNode s1 = slaves.get(1);
        assertEquals("slave(1)@10.0.0.3:5051", s1.get("pid").asText());
        assertFalse(s1.get("active").asBoolean());
        assertEquals(1_600_000_040.0, s1.get("reregistered_time").asDouble());
        assertEquals(0, s1.get("reserved_resources").size());
    }

    @Test
    void stateListsFrameworksWithTheirTasksOffersAndExecutors() {
        JsonNode state = written(documents.state(snapshot));
        JsonNode marathon = state.at("/frameworks/0");

        assertEquals("fw-1", marathon.get("id").asText());
        assertEquals("marathon", marathon.get("name").asText());
        assertFalse(marathon.has("pid"));
        assertEquals("root", marathon.get("user").asText());
        assertEquals("*", marathon.get("role").asText());
        assertEquals(List.of("*"), texts(marathon.get("roles")));
        assertEquals("m1.example", marathon.get("hostname").asText());
        assertEquals("http://m1.example:8080", marathon.get("webui_url").asText());
        assertEquals("marathon", marathon.get("principal").asText());
        assertTrue(marathon.get("active").asBoolean());
        assertTrue(marathon.get("connected").asBoolean());
        assertFalse(marathon.get("recovered").asBoolean());
        assertEquals(1_600_000_100.0, marathon.get("registered_time").asDouble());
        assertFalse(marathon.has("reregistered_time"), "same as registered_time: left out, as Mesos does");
        assertEquals(0.0, marathon.get("unregistered_time").asDouble());
        assertEquals(604800.0, marathon.get("failover_timeout").asDouble());
        assertTrue(marathon.get("checkpoint").asBoolean());
        assertEquals(List.of("PARTITION_AWARE"), texts(marathon.get("capabilities")));
        assertEquals(1.5, marathon.at("/used_resources/cpus").asDouble());
        assertEquals(2.0, marathon.at("/offered_resources/cpus").asDouble());
        assertEquals(3.5, marathon.at("/resources/cpus").asDouble(), "used plus offered");
        assertEquals(3072.0, marathon.at("/resources/mem").asDouble());
        assertEquals("DCOS_PACKAGE_NAME", marathon.at("/labels/0/key").asText());
        assertEquals("marathon", marathon.at("/labels/0/value").asText());

        assertEquals(List.of("web.2", "web.1"), ids(marathon.get("tasks"), "id"), "pending tasks are listed with the active ones");
        assertEquals(0, marathon.get("unreachable_tasks").size());
        assertEquals(List.of("web.0"), ids(marathon.get("completed_tasks"), "id"));
        assertEquals(List.of("o-1"), ids(marathon.get("offers"), "id"));
        JsonNode offer = marathon.at("/offers/0");
        assertEquals("fw-1", offer.get("framework_id").asText());
        assertEquals("S0", offer.get("slave_id").asText());
        assertEquals("*", offer.at("/allocation_info/role").asText());
        assertEquals(2048.0, offer.at("/resources/mem").asDouble());

        JsonNode executor = marathon.at("/executors/0");
        assertEquals("e-1", executor.get("executor_id").asText());
        assertEquals("web executor", executor.get("name").asText());
        assertEquals("fw-1", executor.get("framework_id").asText());
        assertEquals("S0", executor.get("slave_id").asText());
        assertEquals("./executor", executor.at("/command/value").asText());
        assertTrue(executor.at("/command/shell").asBoolean());
        assertEquals(0, executor.at("/command/argv").size());
        assertEquals(0.1, executor.at("/resources/cpus").asDouble());
        assertEquals("*", executor.get("role").asText());
        assertEquals("CUSTOM", executor.get("type").asText());

        JsonNode metronome = state.at("/frameworks/1");
        assertEquals("dev", metronome.get("role").asText(), "the first of a multi-role framework's roles");
        assertEquals(List.of("dev", "prod"), texts(metronome.get("roles")));
        assertFalse(metronome.get("active").asBoolean());
        assertTrue(metronome.get("recovered").asBoolean());
        assertFalse(metronome.has("principal"));
        assertEquals(1_600_000_300.0, metronome.get("reregistered_time").asDouble());
        assertEquals(1_600_000_400.0, metronome.get("unregistered_time").asDouble());
        assertEquals(List.of("job.1"), ids(metronome.get("unreachable_tasks"), "id"));
        assertEquals(List.of("o-2"), ids(metronome.get("offers"), "id"), "an offer only outstandingOffers() knows");

        JsonNode completed = state.get("completed_frameworks");
        assertEquals(List.of("fw-3"), ids(completed, "id"));
        assertEquals(List.of("old.1"), ids(completed.get(0).get("completed_tasks"), "id"));
    }

    @Test
    void tasksHaveMesosFields() {
        JsonNode tasks = written(documents.state(snapshot)).at("/frameworks/0/tasks");
        JsonNode running = tasks.get(1);

        assertEquals("web.1", running.get("id").asText());
        assertEquals("web", running.get("name").asText());
        assertEquals("fw-1", running.get("framework_id").asText());
        assertEquals("e-1", running.get("executor_id").asText());
        assertEquals("S0", running.get("slave_id").asText());
        assertEquals("TASK_RUNNING", running.get("state").asText());
        assertEquals(1.0, running.at("/resources/cpus").asDouble());
        assertEquals(512.0, running.at("/resources/mem").asDouble());
        assertEquals("*", running.get("role").asText());
        assertEquals("root", running.get("user").asText());
        assertEquals(2, running.get("statuses").size());
        assertEquals("TASK_STAGING", running.at("/statuses/0/state").asText());
        assertEquals(1_600_000_500.25, running.at("/statuses/0/timestamp").asDouble());
        assertFalse(running.at("/statuses/0").has("container_status"));
        assertEquals("TASK_RUNNING", running.at("/statuses/1/state").asText());
        assertTrue(running.at("/statuses/1/healthy").asBoolean());
        assertEquals("10.0.0.2",
                running.at("/statuses/1/container_status/network_infos/0/ip_addresses/0/ip_address").asText());
        assertEquals("HAPROXY_GROUP", running.at("/labels/0/key").asText());
        assertEquals("external", running.at("/labels/0/value").asText());
        assertEquals("FRAMEWORK", running.at("/discovery/visibility").asText());
        assertEquals("web", running.at("/discovery/name").asText());
        assertEquals("DOCKER", running.at("/container/type").asText());
        assertEquals("nginx", running.at("/container/docker/image").asText());

        JsonNode pending = tasks.get(0);
        assertEquals("TASK_STAGING", pending.get("state").asText());
        assertEquals("", pending.get("executor_id").asText(), "Mesos writes an empty executor id when there is none");
        assertEquals(0, pending.get("statuses").size());
        assertFalse(pending.has("labels"));
        assertFalse(pending.has("container"));
    }

    @Test
    void stateSummaryCountsTasksPerStateAndLinksAgentsAndFrameworks() {
        JsonNode summary = written(documents.stateSummary(snapshot));

        assertEquals("m1.example", summary.get("hostname").asText());
        assertEquals("prod", summary.get("cluster").asText());
        JsonNode s0 = summary.at("/slaves/0");
        assertEquals("S0", s0.get("id").asText());
        assertEquals("slave(1)@a1.example:5051", s0.get("pid").asText());
        assertEquals(5.0, s0.at("/resources/cpus").asDouble());
        assertEquals(1.0, s0.at("/reserved_resources/slave_public/cpus").asDouble());
        assertTrue(s0.get("active").asBoolean());
        assertEquals(1, s0.get("TASK_STAGING").asInt());
        assertEquals(1, s0.get("TASK_RUNNING").asInt());
        assertEquals(0, s0.get("TASK_KILLED").asInt(), "old.1 belongs to a completed framework: not counted");
        for (String state : List.of("TASK_STARTING", "TASK_KILLING", "TASK_FINISHED", "TASK_FAILED", "TASK_LOST",
                "TASK_ERROR", "TASK_UNREACHABLE")) {
            assertEquals(0, s0.get(state).asInt(), state);
        }
        assertEquals(List.of("fw-1"), texts(s0.get("framework_ids")));

        JsonNode s1 = summary.at("/slaves/1");
        assertEquals(1, s1.get("TASK_UNREACHABLE").asInt());
        assertEquals(1, s1.get("TASK_FINISHED").asInt());
        assertEquals(Set.of("fw-1", "fw-2"), new HashSet<>(texts(s1.get("framework_ids"))));

        JsonNode marathon = summary.at("/frameworks/0");
        assertEquals("fw-1", marathon.get("id").asText());
        assertEquals("marathon", marathon.get("name").asText());
        assertEquals(1.5, marathon.at("/used_resources/cpus").asDouble());
        assertEquals(2.0, marathon.at("/offered_resources/cpus").asDouble());
        assertEquals(List.of("PARTITION_AWARE"), texts(marathon.get("capabilities")));
        assertEquals("m1.example", marathon.get("hostname").asText());
        assertEquals("http://m1.example:8080", marathon.get("webui_url").asText());
        assertTrue(marathon.get("active").asBoolean());
        assertEquals(1, marathon.get("TASK_STAGING").asInt());
        assertEquals(1, marathon.get("TASK_RUNNING").asInt());
        assertEquals(1, marathon.get("TASK_FINISHED").asInt());
        assertEquals(Set.of("S0", "S1"), new HashSet<>(texts(marathon.get("slave_ids"))));
        assertFalse(marathon.has("tasks"), "the summary has no task lists");

        JsonNode metronome = summary.at("/frameworks/1");
        assertEquals(1, metronome.get("TASK_UNREACHABLE").asInt());
        assertEquals(List.of("S1"), texts(metronome.get("slave_ids")));
        assertEquals(2, summary.get("frameworks").size(), "completed frameworks are not summarised");
    }

    @Test
    void slavesAddFullResourcesAndFilterById() {
        JsonNode all = written(documents.slaves(snapshot, Optional.empty()));
        assertEquals(List.of("S0", "S1"), ids(all.get("slaves"), "id"));
        assertEquals(0, all.get("recovered_slaves").size());

        JsonNode s0 = all.at("/slaves/0");
        JsonNode reserved = s0.at("/reserved_resources_full/slave_public/0");
        assertEquals("cpus", reserved.get("name").asText());
        assertEquals("SCALAR", reserved.get("type").asText());
        assertEquals(1.0, reserved.at("/scalar/value").asDouble());
        assertEquals("slave_public", reserved.at("/reservations/0/role").asText());
        assertEquals(4, s0.get("unreserved_resources_full").size());
        assertEquals("*", s0.at("/used_resources_full/0/allocation_info/role").asText());
        assertEquals(2, s0.get("offered_resources_full").size());
        assertEquals(5.0, s0.at("/resources/cpus").asDouble(), "the summaries are there too");

        JsonNode one = written(documents.slaves(snapshot, Optional.of("S1")));
        assertEquals(List.of("S1"), ids(one.get("slaves"), "id"));
        assertEquals(0, written(documents.slaves(snapshot, Optional.of("nope"))).get("slaves").size());
    }

    @Test
    void frameworksListsRegisteredAndCompletedAndFiltersById() {
        JsonNode all = written(documents.frameworks(snapshot, Optional.empty()));
        assertEquals(List.of("fw-1", "fw-2"), ids(all.get("frameworks"), "id"));
        assertEquals(List.of("fw-3"), ids(all.get("completed_frameworks"), "id"));
        assertEquals(0, all.get("unregistered_frameworks").size());
        assertEquals(List.of("web.2", "web.1"), ids(all.at("/frameworks/0/tasks"), "id"));

        JsonNode one = written(documents.frameworks(snapshot, Optional.of("fw-3")));
        assertEquals(0, one.get("frameworks").size());
        assertEquals(List.of("fw-3"), ids(one.get("completed_frameworks"), "id"));
    }

    @Test
    void tasksAreNewestFirstByDefaultAndLeavePendingOnesOut() {
        JsonNode page = written(documents.tasks(snapshot, TaskQuery.defaults()));
        assertEquals(List.of("web.1", "job.1", "web.0", "old.1"), ids(page.get("tasks"), "id"));
        assertEquals("TASK_RUNNING", page.at("/tasks/0/state").asText());
        assertEquals("S0", page.at("/tasks/0/slave_id").asText());
    }

    @Test
    void tasksArePagedOrderedAndFiltered() {
        assertEquals(List.of("old.1", "web.0", "job.1", "web.1"),
                ids(documents.tasks(snapshot, TaskQuery.parse(null, null, "asc", null, null)).get("tasks"), "id"));
        assertEquals(List.of("job.1", "web.0"),
                ids(documents.tasks(snapshot, TaskQuery.parse("2", "1", null, null, null)).get("tasks"), "id"));
        assertEquals(List.of("web.1", "web.0"),
                ids(documents.tasks(snapshot, TaskQuery.parse(null, null, null, "fw-1", null)).get("tasks"), "id"));
        assertEquals(List.of("job.1"),
                ids(documents.tasks(snapshot, TaskQuery.parse(null, null, null, null, "job.1")).get("tasks"), "id"));
        assertEquals(List.of(),
                ids(documents.tasks(snapshot, TaskQuery.parse("0", null, null, null, null)).get("tasks"), "id"));
        assertEquals(List.of(),
                ids(documents.tasks(snapshot, TaskQuery.parse(null, "10", null, null, null)).get("tasks"), "id"));
    }

    @Test
    void tasksWithoutStatusComeFirstAscendingAndLastDescending() {
        GetState state = Fixtures.state().toBuilder().setGetTasks(GetTasks.newBuilder()
                .addTasks(task("a", "a", "fw-1", "S0", TaskState.TASK_STAGING))
                .addTasks(task("b", "b", "fw-1", "S0", TaskState.TASK_RUNNING, status("b", TaskState.TASK_RUNNING, 1)))
                .addTasks(task("c", "c", "fw-1", "S0", TaskState.TASK_RUNNING, status("c", TaskState.TASK_RUNNING, 2))))
                .build();
        MasterSnapshot custom = new MasterSnapshot(Fixtures.master(), 0, 0, state, List.of(), 0);

        assertEquals(List.of("c", "b", "a"), ids(documents.tasks(custom, TaskQuery.defaults()).get("tasks"), "id"));
        assertEquals(List.of("a", "b", "c"),
                ids(documents.tasks(custom, TaskQuery.parse(null, null, "asc", null, null)).get("tasks"), "id"));
    }

    @Test
    void rolesShowWeightResourcesAndFrameworks() {
        JsonNode roles = written(documents.roles(Fixtures.roles())).get("roles");
        assertEquals(2, roles.size());
        assertEquals("*", roles.at("/0/name").asText());
        assertEquals(1.0, roles.at("/0/weight").asDouble());
        assertEquals(1.5, roles.at("/0/resources/cpus").asDouble());
        assertEquals(List.of("fw-1"), texts(roles.at("/0/frameworks")));
        assertEquals("slave_public", roles.at("/1/name").asText());
        assertEquals(2.5, roles.at("/1/weight").asDouble());
        assertEquals(0.0, roles.at("/1/resources/cpus").asDouble());
        assertEquals(0, roles.at("/1/frameworks").size());
    }

    @Test
    void anEmptyClusterRendersEmptyLists() {
        MasterSnapshot empty = new MasterSnapshot(Fixtures.master(), 0, 0, GetState.getDefaultInstance(), List.of(), 0);
        JsonNode state = written(documents.state(empty));
        assertEquals(0, state.get("slaves").size());
        assertEquals(0, state.get("frameworks").size());
        assertEquals(0.0, state.get("activated_slaves").asDouble());
        assertEquals(0, written(documents.stateSummary(empty)).get("slaves").size());
        assertEquals(0, written(documents.tasks(empty, TaskQuery.defaults())).get("tasks").size());
    }

    static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(node -> ids.add(node.get(field).asText()));
        return ids;
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

package io.plinth.agent.http.core;

import static io.plinth.agent.http.testing.Fixtures.commandTask;
import static io.plinth.agent.http.testing.Fixtures.executor;
import static io.plinth.agent.http.testing.Fixtures.framework;
import static io.plinth.agent.http.testing.Fixtures.groupTask;
import static io.plinth.agent.http.testing.Fixtures.reserved;
import static io.plinth.agent.http.testing.Fixtures.scalar;
import static io.plinth.agent.http.testing.Fixtures.status;
import static io.plinth.agent.http.testing.Fixtures.taskInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.agent.api.AgentView;
import io.plinth.agent.api.ContainerUsage;
import io.plinth.agent.api.TaskView;
import io.plinth.agent.http.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentDocumentsTest {

    @TempDir
    Path workDir;

    private final Json json = new Json();
    private final AgentDocuments documents = new AgentDocuments(json);

    /** The document as a client reads it: written and parsed back. */
    private JsonNode written(JsonNode document) {
        return json.parse(json.bytes(document));
    }

    @Test
    void describesTheAgentItself() {
        AgentView view = Fixtures.emptyView(workDir);
        byte[] bytes = json.bytes(documents.state(view));
        JsonNode state = json.parse(bytes);

        assertEquals("agent-1", state.get("id").asText());
        assertEquals("slave(1)@node-1.local:5051", state.get("pid").asText());
        assertEquals("node-1.local", state.get("hostname").asText());
        assertEquals(5051, state.get("port").asInt());
        assertEquals("0.1.0", state.get("version").asText());
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\"start_time\":1600000000.25"),
                "seconds as a plain double: " + new String(bytes, StandardCharsets.UTF_8));
        assertEquals(json.parse("{\"cpus\":4.0,\"mem\":8192.0,\"disk\":10240.0,\"gpus\":0.0,\"ports\":\"[31000-32000]\"}"
                .getBytes(StandardCharsets.UTF_8)), state.get("resources"));
        assertEquals(0, state.get("reserved_resources").size());
        assertEquals(state.get("resources"), state.get("unreserved_resources"));
        assertEquals(3.0, state.get("attributes").get("rack").asDouble());
        assertTrue(state.get("attributes").get("rack").isNumber());
        assertEquals("eu-1a", state.get("attributes").get("zone").asText());
        assertEquals("[1-4]", state.get("attributes").get("slots").asText());
        assertEquals(workDir.toString(), state.get("flags").get("work_dir").asText());
        assertEquals("node-1.local", state.get("flags").get("hostname").asText());
        assertEquals("5051", state.get("flags").get("port").asText());
        assertEquals(0, state.get("frameworks").size());
        assertTrue(state.get("completed_frameworks").isArray());
        assertEquals(0, state.get("completed_frameworks").size());
    }

    @Test
    void splitsReservedResourcesByRole() {
        AgentView base = Fixtures.emptyView(workDir);
        AgentView view = new AgentView(Optional.empty(), base.hostname(), base.port(),
                List.of(scalar("cpus", 4), reserved(scalar("cpus", 2), "web"), reserved(scalar("mem", 512), "web")),
                List.of(), workDir, base.startTime(), base.version(), false, List.of(), List.of(), List.of());
        JsonNode state = written(documents.state(view));

        assertEquals("", state.get("id").asText(), "no id before a master gave one");
        assertEquals(6.0, state.get("resources").get("cpus").asDouble());
        assertEquals(2.0, state.get("reserved_resources").get("web").get("cpus").asDouble());
        assertEquals(512.0, state.get("reserved_resources").get("web").get("mem").asDouble());
        assertEquals(4.0, state.get("unreserved_resources").get("cpus").asDouble());
        assertEquals(0.0, state.get("unreserved_resources").get("mem").asDouble());
    }

    @Test
    void groupsTasksByFrameworkAndExecutorRun() {
        ExecutorInfo group = executor("group-1", scalar("cpus", 0.1), scalar("mem", 32));
        TaskView running = commandTask(workDir, "fw-1", taskInfo("web.1", scalar("cpus", 1), scalar("mem", 128)).build(),
                "c-1", List.of(status("web.1", TaskState.TASK_STARTING, 10), status("web.1", TaskState.TASK_RUNNING, 11)));
        TaskView endedUnacknowledged = commandTask(workDir, "fw-1", taskInfo("web.2", scalar("cpus", 1)).build(), "c-2",
                List.of(status("web.2", TaskState.TASK_RUNNING, 12), status("web.2", TaskState.TASK_FAILED, 13)));
        TaskView groupA = groupTask(workDir, "fw-1", group, taskInfo("a.1", scalar("cpus", 0.5)).build(), "c-3",
                List.of(status("a.1", TaskState.TASK_RUNNING, 14)));
        TaskView groupB = groupTask(workDir, "fw-1", group, taskInfo("b.1", scalar("cpus", 0.25)).build(), "c-3",
                List.of(status("b.1", TaskState.TASK_RUNNING, 14)));
        TaskView groupEnded = groupTask(workDir, "fw-1", group, taskInfo("c.1", scalar("cpus", 2)).build(), "c-3",
                List.of(status("c.1", TaskState.TASK_FINISHED, 15)));
        TaskView completed = commandTask(workDir, "fw-1", taskInfo("old.1", scalar("cpus", 3)).build(), "c-0",
                List.of(status("old.1", TaskState.TASK_KILLED, 5)));
        TaskView otherFramework = commandTask(workDir, "fw-2", taskInfo("db.1").build(), "c-9",
                List.of(status("db.1", TaskState.TASK_RUNNING, 16)));
        AgentView view = Fixtures.view(workDir, List.of(framework("fw-1", "marathon"), framework("fw-2", "cassandra"),
                        framework("fw-3", "idle")),
                List.of(running, endedUnacknowledged, groupA, groupB, otherFramework), List.of(completed, groupEnded));

        JsonNode frameworks = written(documents.state(view)).get("frameworks");

        assertEquals(List.of("fw-1", "fw-2", "fw-3"), texts(frameworks, "id"));
        JsonNode marathon = frameworks.get(0);
        assertEquals("marathon", marathon.get("name").asText());
        assertEquals("nobody", marathon.get("user").asText());
        assertEquals("scheduler.local", marathon.get("hostname").asText());
        assertEquals("web", marathon.get("role").asText());

        JsonNode executors = marathon.get("executors");
        assertEquals(List.of("web.1", "web.2", "group-1"), texts(executors, "id"));
        JsonNode command = executors.get(0);
        assertEquals(List.of("web.1"), texts(command.get("tasks"), "id"));
        assertEquals(0, command.get("completed_tasks").size());
        assertEquals(0, command.get("queued_tasks").size());
        assertEquals("c-1", command.get("container").asText());
        assertEquals(Fixtures.sandbox(workDir, Fixtures.AGENT, "fw-1", "web.1", "c-1").toString(), command.get("directory").asText());
        assertEquals("web.1", command.get("source").asText());
        assertEquals(1.0, command.get("resources").get("cpus").asDouble());
        assertEquals(128.0, command.get("resources").get("mem").asDouble());

        JsonNode failed = executors.get(1);
        assertEquals(0, failed.get("tasks").size(), "a terminal task is no longer among the tasks");
        assertEquals(List.of("web.2"), texts(failed.get("completed_tasks"), "id"));
        assertEquals("TASK_FAILED", failed.get("completed_tasks").get(0).get("state").asText());

        JsonNode groupRun = executors.get(2);
        assertEquals("group group-1", groupRun.get("name").asText());
        assertEquals("DEFAULT", groupRun.get("type").asText());
        assertEquals(List.of("a.1", "b.1"), texts(groupRun.get("tasks"), "id"));
        assertEquals(List.of("c.1"), texts(groupRun.get("completed_tasks"), "id"),
                "a finished task of a running group stays with its executor");
        assertEquals(0.85, groupRun.get("resources").get("cpus").asDouble(), 1e-9, "the executor's and its running tasks'");
        assertEquals(32.0, groupRun.get("resources").get("mem").asDouble());

        JsonNode completedExecutors = marathon.get("completed_executors");
        assertEquals(List.of("old.1"), texts(completedExecutors, "id"));
        assertEquals(0, completedExecutors.get(0).get("tasks").size());
        assertEquals(List.of("old.1"), texts(completedExecutors.get(0).get("completed_tasks"), "id"));
        assertEquals(3.0, completedExecutors.get(0).get("resources").get("cpus").asDouble());

        assertEquals(List.of("db.1"), texts(frameworks.get(1).get("executors"), "id"));
        assertEquals(0, frameworks.get(2).get("executors").size());
        assertEquals(0, frameworks.get(2).get("completed_executors").size());
    }

    @Test
    void writesTasksAsMesosTaskJson() {
        ExecutorInfo group = executor("group-1");
        TaskStatus healthy = status("a.1", TaskState.TASK_RUNNING, 1600000001.5).toBuilder().setHealthy(true).build();
        TaskStatus failed = status("a.1", TaskState.TASK_FAILED, 1600000002).toBuilder()
                .setMessage("exited with status 1").setReason(TaskStatus.Reason.REASON_COMMAND_EXECUTOR_FAILED).build();
        TaskView task = groupTask(workDir, "fw-1", group, taskInfo("a.1", scalar("cpus", 0.5), scalar("mem", 64))
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("team").setValue("blue"))
                        .addLabels(Label.newBuilder().setKey("flag")))
                .setDiscovery(DiscoveryInfo.newBuilder().setVisibility(DiscoveryInfo.Visibility.FRAMEWORK).setName("a"))
                .build(), "c-1", List.of(status("a.1", TaskState.TASK_STARTING, 1600000000), healthy, failed));
        TaskView command = commandTask(workDir, "fw-1", taskInfo("web.1").build(), "c-2", List.of());
        AgentView view = Fixtures.view(workDir, List.of(framework("fw-1", "marathon")), List.of(task, command), List.of());

        byte[] bytes = json.bytes(documents.state(view));
        JsonNode executors = json.parse(bytes).get("frameworks").get(0).get("executors");
        JsonNode written = executors.get(0).get("completed_tasks").get(0);

        assertEquals("a.1", written.get("id").asText());
        assertEquals("a", written.get("name").asText());
        assertEquals("fw-1", written.get("framework_id").asText());
        assertEquals("group-1", written.get("executor_id").asText());
        assertEquals("agent-1", written.get("slave_id").asText());
        assertEquals("TASK_FAILED", written.get("state").asText());
        assertEquals(0.5, written.get("resources").get("cpus").asDouble());
        assertEquals(64.0, written.get("resources").get("mem").asDouble());
        JsonNode statuses = written.get("statuses");
        assertEquals(List.of("TASK_STARTING", "TASK_RUNNING", "TASK_FAILED"), texts(statuses, "state"));
        assertFalse(statuses.get(0).has("healthy"), "healthy only when set");
        assertFalse(statuses.get(0).has("message"));
        assertFalse(statuses.get(0).has("reason"));
        assertTrue(statuses.get(1).get("healthy").asBoolean());
        assertEquals(1600000001.5, statuses.get(1).get("timestamp").asDouble());
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\"timestamp\":1600000001.5"));
        assertEquals("exited with status 1", statuses.get(2).get("message").asText());
        assertEquals("REASON_COMMAND_EXECUTOR_FAILED", statuses.get(2).get("reason").asText());
        assertEquals("[{\"key\":\"team\",\"value\":\"blue\"},{\"key\":\"flag\"}]", written.get("labels").toString());
        assertEquals("FRAMEWORK", written.get("discovery").get("visibility").asText());
        assertEquals("a", written.get("discovery").get("name").asText());

        JsonNode commandTask = executors.get(1).get("tasks").get(0);
        assertEquals("", commandTask.get("executor_id").asText(), "a command task names no executor");
        assertEquals("TASK_STAGING", commandTask.get("state").asText(), "no status yet");
        assertFalse(commandTask.has("labels"));
        assertFalse(commandTask.has("discovery"));
        assertEquals("Command Executor (Task: web.1)", executors.get(1).get("name").asText());
    }

    @Test
    void anExecutorIdReusedByALaterRunIsAnotherExecutor() {
        ExecutorInfo custom = executor("custom");
        TaskView first = groupTask(workDir, "fw-1", custom, taskInfo("a.1").build(), "c-1",
                List.of(status("a.1", TaskState.TASK_FINISHED, 1)));
        TaskView second = groupTask(workDir, "fw-1", custom, taskInfo("a.2").build(), "c-2",
                List.of(status("a.2", TaskState.TASK_RUNNING, 2)));
        AgentView view = Fixtures.view(workDir, List.of(framework("fw-1", "m")), List.of(second), List.of(first));

        JsonNode framework = written(documents.state(view)).get("frameworks").get(0);

        assertEquals(List.of("c-2"), texts(framework.get("executors"), "container"));
        assertEquals(List.of("c-1"), texts(framework.get("completed_executors"), "container"));
    }

    @Test
    void tasksOfAFrameworkTheViewDoesNotNameStillShow() {
        TaskView orphan = commandTask(workDir, "fw-x", taskInfo("t.1").build(), "c-1", List.of());
        AgentView view = Fixtures.view(workDir, List.of(), List.of(orphan), List.of());

        JsonNode framework = written(documents.state(view)).get("frameworks").get(0);

        assertEquals("fw-x", framework.get("id").asText());
        assertEquals("", framework.get("name").asText());
        assertEquals(List.of("t.1"), texts(framework.get("executors"), "id"));
    }

    @Test
    void statisticsInMesosShape() {
        ContainerUsage usage = new ContainerUsage(FrameworkID.newBuilder().setValue("fw-1").build(),
                ExecutorID.newBuilder().setValue("web.1").build(), "web", ContainerID.newBuilder().setValue("c-1").build(),
                Instant.ofEpochSecond(1600000000, 500_000_000), 1.5, 256L << 20, 12.25, 3.5, 100L << 20, 2, 9);

        byte[] bytes = json.bytes(documents.statistics(List.of(usage)));
        JsonNode array = json.parse(bytes);

        assertEquals(1, array.size());
        JsonNode entry = array.get(0);
        assertEquals("web.1", entry.get("executor_id").asText());
        assertEquals("web", entry.get("executor_name").asText());
        assertEquals("fw-1", entry.get("framework_id").asText());
        assertEquals("web.1", entry.get("source").asText());
        JsonNode statistics = entry.get("statistics");
        assertEquals(1600000000.5, statistics.get("timestamp").asDouble());
        assertEquals(1.5, statistics.get("cpus_limit").asDouble());
        assertEquals(12.25, statistics.get("cpus_user_time_secs").asDouble());
        assertEquals(3.5, statistics.get("cpus_system_time_secs").asDouble());
        assertEquals(256L << 20, statistics.get("mem_limit_bytes").asLong());
        assertEquals(100L << 20, statistics.get("mem_rss_bytes").asLong());
        assertEquals(2, statistics.get("processes").asInt());
        assertEquals(9, statistics.get("threads").asInt());
        assertTrue(new String(bytes, StandardCharsets.UTF_8).contains("\"timestamp\":1600000000.5"));
        assertEquals(0, documents.statistics(List.of()).size());
    }

    @Test
    void filesAnswersInMesosShape() {
        JsonNode listing = written(documents.listing(List.of(
                new FileEntry("/s/stdout", 1, 12, 1600000000, "-rw-r--r--", "nobody", "nogroup"))));
        assertEquals("[{\"path\":\"/s/stdout\",\"nlink\":1,\"size\":12,\"mtime\":1600000000,\"mode\":\"-rw-r--r--\","
                + "\"uid\":\"nobody\",\"gid\":\"nogroup\"}]", listing.toString());
        assertEquals("{\"data\":\"abc\",\"offset\":7}", written(documents.chunk(new FileChunk("abc", 7))).toString());
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.get(field).asText()));
        return values;
    }
}

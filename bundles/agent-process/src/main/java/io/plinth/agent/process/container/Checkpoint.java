package io.plinth.agent.process.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import io.plinth.agent.api.TaskLaunch;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * What the containerizer keeps of one container in its control directory
 * ({@code <work_dir>/meta/slaves/<agent>/containers/<container>}) to re-adopt it after a restart:
 * the launch, its limits and the supervisor's pid with its start time (in clock ticks since boot),
 * which tells the supervisor from a later process that got the same pid. Written once the
 * supervisor runs (a launch that had not got that far is failed by the agent, which checkpointed the
 * task before it asked for the launch), whole, synced and renamed into place.
 *
 * @param supervisorPid   the supervisor's pid
 * @param supervisorStart its start time in clock ticks since boot; -1 when it ended before it could be read
 */
record Checkpoint(TaskLaunch launch, double cpus, long memBytes, long supervisorPid, long supervisorStart) {

    static final String FILE = "launch.json";
    /** Why the agent ended the task, written before it acts: {@code kill}, {@code memory} or {@code health}. */
    static final String CAUSE = "cause";

    static Path controlDir(Path workDir, String agentId, String containerId) {
        return workDir.resolve("meta").resolve("slaves").resolve(agentId).resolve("containers").resolve(containerId);
    }

    static Path containersDir(Path workDir, String agentId) {
        return workDir.resolve("meta").resolve("slaves").resolve(agentId).resolve("containers");
    }

    void write(Path control, ObjectMapper mapper) throws IOException {
        ObjectNode root = mapper.createObjectNode();
        root.put("agentId", launch.agentId().getValue());
        root.put("hostname", launch.hostname());
        root.set("framework", mapper.readTree(ProtobufJson.print(launch.framework())));
        if (launch.executor() != null) {
            root.set("executor", mapper.readTree(ProtobufJson.print(launch.executor())));
        }
        ArrayNode tasks = root.putArray("tasks");
        for (TaskInfo task : launch.tasks()) {
            tasks.add(mapper.readTree(ProtobufJson.print(task)));
        }
        root.put("containerId", launch.containerId().getValue());
        root.put("sandbox", launch.sandbox().toString());
        root.put("cpus", cpus);
        root.put("memBytes", memBytes);
        root.put("supervisorPid", supervisorPid);
        root.put("supervisorStart", supervisorStart);
        writeSynced(control.resolve(FILE), mapper.writeValueAsBytes(root));
    }

    static Optional<Checkpoint> read(Path control, ObjectMapper mapper) throws IOException {
        Path file = control.resolve(FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode root = mapper.readTree(file.toFile());
        try {
            ExecutorInfo executor = root.has("executor")
                    ? ProtobufJson.parse(root.get("executor").toString(), ExecutorInfo.class) : null;
            List<TaskInfo> tasks = new ArrayList<>();
            for (JsonNode task : root.get("tasks")) {
                tasks.add(ProtobufJson.parse(task.toString(), TaskInfo.class));
            }
            TaskLaunch launch = new TaskLaunch(AgentID.newBuilder().setValue(root.get("agentId").asText()).build(),
                    root.get("hostname").asText(), ProtobufJson.parse(root.get("framework").toString(), FrameworkInfo.class),
                    executor, tasks, ContainerID.newBuilder().setValue(root.get("containerId").asText()).build(),
                    Path.of(root.get("sandbox").asText()));
            return Optional.of(new Checkpoint(launch, root.get("cpus").asDouble(), root.get("memBytes").asLong(),
                    root.get("supervisorPid").asLong(), root.get("supervisorStart").asLong()));
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new IOException("unreadable checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    static void writeCause(Path control, Cause cause) throws IOException {
        writeSynced(control.resolve(CAUSE), cause.name().toLowerCase().getBytes(StandardCharsets.US_ASCII));
    }

    static Cause readCause(Path control) {
        try {
            return Cause.valueOf(Files.readString(control.resolve(CAUSE)).trim().toUpperCase());
        } catch (IOException | IllegalArgumentException e) {
            return Cause.NONE;
        }
    }

    private static void writeSynced(Path file, byte[] bytes) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(bytes));
            channel.force(false);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Why a task ended other than by itself. */
    enum Cause {
        NONE, KILL, MEMORY, HEALTH
    }
}

package io.plinth.agent.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.plinth.agent.api.StatusReport;
import io.plinth.mesos.api.agent.AgentLink;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tasks in the work directory, one directory each:
 * {@code meta/slaves/<agent>/frameworks/<framework>/tasks/<task>/} with {@code task.json} (framework,
 * task, executor, container, sandbox; written once, synced, renamed into place) and
 * {@code updates}, an append-only journal of JSON lines, {@code {"update": <TaskStatus>}} or
 * {@code {"ack": "<uuid>"}}. Everything is written before the call returns, so it survives a crash of
 * the agent's process (the kernel holds it). What must also survive a crash of the machine is synced
 * to disk first: the task file (after a reboot the agent must still know the task, to report it
 * gone) and terminal updates (a sent end must not be forgotten). Non-terminal updates and
 * acknowledgements are not synced: a reboot ends every task anyway, and a lost acknowledgement only
 * makes the agent send an update once more, which at-least-once delivery allows. That keeps a launch
 * at one disk flush in the agent instead of five (see docs/benchmarks/agent.md). A crash mid-append
 * leaves a torn last line, which {@link #load} skips: that update was never sent, since sending comes
 * after the append.
 */
public final class FileTaskStore implements TaskStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileTaskStore.class);
    private static final String TASK = "task.json";
    private static final String UPDATES = "updates";

    private final Path workDir;
    private final ObjectMapper mapper = new ObjectMapper();

    public FileTaskStore(Path workDir) {
        this.workDir = workDir;
    }

    @Override
    public void launched(String agentId, FrameworkInfo framework, TaskInfo task, ExecutorInfo executor,
                         String containerId, Path sandbox) {
        Path dir = taskDir(agentId, framework.getId().getValue(), task.getTaskId());
        try {
            Files.createDirectories(dir);
            ObjectNode root = mapper.createObjectNode();
            root.set("framework", mapper.readTree(ProtobufJson.print(framework)));
            root.set("task", mapper.readTree(ProtobufJson.print(task)));
            if (executor != null) {
                root.set("executor", mapper.readTree(ProtobufJson.print(executor)));
            }
            root.put("containerId", containerId);
            root.put("sandbox", sandbox.toString());
            Path temporary = dir.resolve(TASK + ".tmp");
            write(temporary, mapper.writeValueAsBytes(root), false, true);
            Files.move(temporary, dir.resolve(TASK), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot checkpoint task " + task.getTaskId().getValue(), e);
        }
    }

    @Override
    public void updated(String agentId, String frameworkId, TaskID taskId, TaskStatus status) {
        ObjectNode line = mapper.createObjectNode();
        try {
            line.set("update", mapper.readTree(ProtobufJson.print(status)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        append(taskDir(agentId, frameworkId, taskId), line, StatusReport.isTerminal(status.getState()));
    }

    @Override
    public void acknowledged(String agentId, String frameworkId, TaskID taskId, ByteString uuid) {
        ObjectNode line = mapper.createObjectNode();
        line.put("ack", AgentLink.uuidText(uuid));
        append(taskDir(agentId, frameworkId, taskId), line, false);
    }

    @Override
    public void forget(String agentId, String frameworkId, TaskID taskId) {
        Path dir = taskDir(agentId, frameworkId, taskId);
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // never checkpointed, or already gone
        } catch (IOException e) {
            LOG.warn("Cannot delete the checkpoint of task {} in {}", taskId.getValue(), dir, e);
        }
    }

    @Override
    public List<StoredTask> load(String agentId) {
        Path frameworks = workDir.resolve("meta").resolve("slaves").resolve(Sandboxes.safe(agentId)).resolve("frameworks");
        List<StoredTask> loaded = new ArrayList<>();
        if (!Files.isDirectory(frameworks)) {
            return loaded;
        }
        try (DirectoryStream<Path> frameworkDirs = Files.newDirectoryStream(frameworks)) {
            for (Path frameworkDir : frameworkDirs) {
                Path tasks = frameworkDir.resolve("tasks");
                if (!Files.isDirectory(tasks)) {
                    continue;
                }
                try (DirectoryStream<Path> taskDirs = Files.newDirectoryStream(tasks)) {
                    for (Path taskDir : taskDirs) {
                        try {
                            read(taskDir).ifPresent(loaded::add);
                        } catch (IOException | RuntimeException e) {
                            LOG.error("Cannot read the checkpoint in {}; the task is not recovered", taskDir, e);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the task checkpoints in " + frameworks, e);
        }
        return loaded;
    }

    private java.util.Optional<StoredTask> read(Path dir) throws IOException {
        Path file = dir.resolve(TASK);
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        JsonNode root = mapper.readTree(file.toFile());
        FrameworkInfo framework = parse(root.get("framework"), FrameworkInfo.class);
        TaskInfo task = parse(root.get("task"), TaskInfo.class);
        ExecutorInfo executor = root.has("executor") ? parse(root.get("executor"), ExecutorInfo.class) : null;
        List<TaskStatus> statuses = new ArrayList<>();
        Map<String, TaskStatus> pending = new LinkedHashMap<>();
        Path updates = dir.resolve(UPDATES);
        if (Files.exists(updates)) {
            try (BufferedReader reader = Files.newBufferedReader(updates, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    JsonNode record;
                    try {
                        record = mapper.readTree(line);
                    } catch (IOException e) {
                        LOG.warn("Skipping a torn record in {}", updates);
                        continue;
                    }
                    if (record.has("update")) {
                        TaskStatus status = parse(record.get("update"), TaskStatus.class);
                        statuses.add(status);
                        pending.put(AgentLink.uuidText(status.getUuid()), status);
                    } else if (record.has("ack")) {
                        pending.remove(record.get("ack").asText());
                    }
                }
            }
        }
        return java.util.Optional.of(new StoredTask(framework, task, executor, root.get("containerId").asText(),
                Path.of(root.get("sandbox").asText()), statuses, List.copyOf(pending.values())));
    }

    private <M extends com.google.protobuf.Message> M parse(JsonNode node, Class<M> type) throws IOException {
        try {
            return ProtobufJson.parse(node.toString(), type);
        } catch (InvalidProtocolBufferException e) {
            throw new IOException("unreadable " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private void append(Path dir, ObjectNode line, boolean sync) {
        try {
            Files.createDirectories(dir);
            byte[] bytes = (mapper.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            write(dir.resolve(UPDATES), bytes, true, sync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot checkpoint a status update in " + dir, e);
        }
    }

    private static void write(Path file, byte[] bytes, boolean append, boolean sync) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (sync) {
                channel.force(false);
            }
        }
    }

    private Path taskDir(String agentId, String frameworkId, TaskID taskId) {
        return workDir.resolve("meta").resolve("slaves").resolve(Sandboxes.safe(agentId))
                .resolve("frameworks").resolve(Sandboxes.safe(frameworkId))
                .resolve("tasks").resolve(Sandboxes.safe(taskId.getValue()));
    }
}

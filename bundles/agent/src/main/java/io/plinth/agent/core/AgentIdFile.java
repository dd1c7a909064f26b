package io.plinth.agent.core;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** The agent id in {@code <workDir>/meta/agent_id}, like Mesos' {@code meta/slaves/latest}. */
public final class AgentIdFile implements AgentIdStore {

    private final Path file;

    public AgentIdFile(Path workDir) {
        this.file = workDir.resolve("meta").resolve("agent_id");
    }

    public Path path() {
        return file;
    }

    @Override
    public Optional<String> load() {
        try {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (NoSuchFileException first) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the agent id from " + file, e);
        }
    }

    @Override
    public void save(String agentId) {
        try {
            Files.createDirectories(file.getParent());
            // written aside and moved over, so a crash mid-write never leaves half an id behind
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, agentId + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the agent id to " + file, e);
        }
    }
}

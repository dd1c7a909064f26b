package io.plinth.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentIdFileTest {

    @TempDir
    Path work;

    @Test
    void keepsTheIdInMetaAgentId() throws Exception {
        AgentIdFile file = new AgentIdFile(work);
        assertEquals(Optional.empty(), file.load());
        file.save("a-1");
        assertEquals("a-1\n", Files.readString(work.resolve("meta/agent_id")));
        assertEquals(Optional.of("a-1"), new AgentIdFile(work).load());
        file.save("a-2");
        assertEquals(Optional.of("a-2"), file.load());
    }

    @Test
    void unwritableDirectoryIsReported() throws Exception {
        Files.writeString(work.resolve("meta"), "a file where the directory should be");
        assertThrows(UncheckedIOException.class, () -> new AgentIdFile(work).save("a-1"));
    }

    @Test
    void sandboxesRefuseIdsThatLeaveTheirDirectory() {
        assertEquals(work.resolve("slaves/a/frameworks/f/executors/e/runs/c"), Sandboxes.sandbox(work, "a", "f", "e", "c"));
        assertThrows(IllegalArgumentException.class, () -> Sandboxes.sandbox(work, "a", "..", "e", "c"));
        assertThrows(IllegalArgumentException.class, () -> Sandboxes.sandbox(work, "a", "f", "x/../../y", "c"));
    }
}

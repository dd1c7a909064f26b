package io.plinth.agent.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {

    @Test
    void readsTheFifthFieldAndUndoesEscapes() {
        List<String> lines = List.of(
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "97 22 8:1 /volumes/v1 /work/slaves/a/runs/c/my\\040data rw,relatime - ext4 /dev/sda1 rw",
                "98 22 0:5 / /odd\\134name\\0 rw - tmpfs tmpfs rw",
                "garbage");
        assertEquals(List.of(Path.of("/"), Path.of("/work/slaves/a/runs/c/my data"), Path.of("/odd\\name\\0")),
                MountTable.parseMountinfo(lines));
    }
}

package io.plinth.mesos.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceDetectorTest {

    private static final long MB = 1024L * 1024;
    private static final long GB = 1024 * MB;

    @Test
    void leavesMesosHeadroomForTheSystem() {
        ResourceDetector big = new ResourceDetector(() -> 8, () -> 16 * GB, dir -> 100 * GB);
        assertEquals(Resources.parse("cpus:8;mem:15360;disk:97280;ports:[31000-32000]"), big.detect(Path.of("/w")));
        // small machines keep half of memory and disk
        ResourceDetector small = new ResourceDetector(() -> 1, () -> 1536 * MB, dir -> 8 * GB);
        assertEquals(Resources.parse("cpus:1;mem:768;disk:4096;ports:[31000-32000]"), small.detect(Path.of("/w")));
    }

    @Test
    void configuredNamesWinAndAreNotProbed() {
        ResourceDetector detector = new ResourceDetector(() -> 4, () -> 8 * GB, dir -> {
            throw new AssertionError("disk is configured: must not be probed");
        });
        Resources configured = Resources.parse("cpus(slave_public):2;disk:1000;gpus:1");
        assertEquals(Resources.parse("cpus(slave_public):2;mem:7168;disk:1000;gpus:1;ports:[31000-32000]"),
                detector.withDefaults(configured, Path.of("/does/not/matter")));
        Resources full = Resources.parse("cpus:1;mem:2;disk:3;ports:[1-2]");
        assertEquals(full, detector.withDefaults(full, Path.of("/x")));
    }

    @Test
    void probesThisMachine(@TempDir Path dir) {
        Resources r = new ResourceDetector().detect(dir.resolve("not/yet/created"));
        assertEquals(Runtime.getRuntime().availableProcessors(), r.scalar("cpus"));
        assertTrue(r.scalar("mem") > 0, r.toString());
        assertTrue(r.scalar("disk") > 0, r.toString());
        assertEquals(java.util.List.of(ResourceDetector.DEFAULT_PORTS), r.ranges("ports"));
    }
}

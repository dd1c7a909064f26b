package io.plinth.agent.gc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.agent.core.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcDriverTest {

    @TempDir
    Path workDir;

    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    private final FakeDisk disk = new FakeDisk();
    private final SandboxGc gc = new SandboxGc(new GcSettings(Duration.ofDays(1), 0.1, Duration.ofMillis(20)),
            new TestClock(Instant.parse("2024-05-01T12:00:00Z")), disk);

    @AfterEach
    void tearDown() throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void collectsPeriodicallyAndSurvivesAFailingRun() throws IOException {
        executor.setRemoveOnCancelPolicy(true);
        disk.failWithRuntimeException(2);
        disk.set(1.0);
        Path dir = Files.createDirectories(workDir.resolve("sandbox"));
        gc.schedule(dir, Instant.parse("2024-05-01T11:00:00Z"));

        GcDriver driver = new GcDriver(gc, executor);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dir));

        driver.close();
        driver.close();
        assertTrue(executor.getQueue().isEmpty(), "no further runs are queued");
    }
}

package io.plinth.agent.process.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandHealthCheckTest extends CheckerFixture {

    /** Makes this run's sleep commands recognisable among all processes on the machine. */
    private final String sleepArgument = "30." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);

    @TempDir
    Path sandbox;

    @AfterEach
    void killLeftoverSleeps() {
        // Only processes carrying this run's unique argument: ours, even if the checker let them escape.
        ourSleeps().forEach(ProcessHandle::destroyForcibly);
    }

    private List<ProcessHandle> ourSleeps() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).stream()
                        .anyMatch(arg -> arg.contains(sleepArgument))).orElse(false))
                .toList();
    }

    private static HealthCheck.Builder command(String shellCommand) {
        return fast().setType(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder().setValue(shellCommand));
    }

    @Test
    void exitZeroIsHealthy() {
        started(command("exit 0").build(), sandboxed(sandbox, Map.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
        assertThreadingPromisesKept();
    }

    @Test
    void exitOneIsUnhealthy() {
        started(command("exit 1").build(), sandboxed(sandbox, Map.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
        assertTrue(listener.calls.get(0).detail().contains("status 1"), listener.calls.get(0).detail());
    }

    @Test
    void seesTheTaskEnvironment() {
        started(command("test \"$FOO\" = bar").build(), sandboxed(sandbox, Map.of("FOO", "bar")));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
    }

    @Test
    void aDifferentValueInTheEnvironmentFails() {
        started(command("test \"$FOO\" = bar").build(), sandboxed(sandbox, Map.of("FOO", "baz")));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
    }

    @Test
    void theChecksOwnVariablesOverrideTheTasks() {
        HealthCheck check = command("test \"$FOO\" = bar").setCommand(CommandInfo.newBuilder()
                .setValue("test \"$FOO\" = bar")
                .setEnvironment(Environment.newBuilder().addVariables(
                        Environment.Variable.newBuilder().setName("FOO").setValue("bar")))).build();
        started(check, sandboxed(sandbox, Map.of("FOO", "baz")));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
    }

    @Test
    void doesNotSeeTheAgentsEnvironmentButHasAPath() {
        assertNotNull(System.getenv("HOME"), "this test needs HOME set in the agent's environment");
        // `env` is not a shell builtin: it is found only through the default PATH.
        started(command("test -z \"$HOME\" && env >/dev/null").build(), sandboxed(sandbox, Map.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
    }

    @Test
    void runsInTheSandbox() throws IOException {
        Files.writeString(sandbox.resolve("ready"), "yes");
        started(command("test -f ready").build(), sandboxed(sandbox, Map.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(true)));
    }

    @Test
    void withoutShellRunsValueWithArgumentsAfterArgvZero() {
        HealthCheck check = fast().setCommand(CommandInfo.newBuilder().setShell(false).setValue("/bin/sh")
                .addArguments("sh").addArguments("-c").addArguments("exit 3")).build();
        started(check, sandboxed(sandbox, Map.of()));

        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
        assertTrue(listener.calls.get(0).detail().contains("status 3"), listener.calls.get(0).detail());
    }

    @Test
    void aCommandThatOverstaysItsTimeoutFailsAndItsWholeTreeIsKilled() {
        // The trailing command keeps sh from exec-ing sleep, so there is a real tree: sh and its child.
        started(command("sleep " + sleepArgument + "; exit 0").setTimeoutSeconds(0.5).setIntervalSeconds(600).build(),
                sandboxed(sandbox, Map.of()));

        // Seen running first, so the final "none left" cannot pass merely because the lookup finds nothing.
        await().atMost(Duration.ofSeconds(5)).until(() -> ourSleeps().size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> listener.changes().equals(List.of(false)));
        assertTrue(listener.calls.get(0).detail().contains("timed out"), listener.calls.get(0).detail());
        await().atMost(Duration.ofSeconds(5)).until(() -> ourSleeps().isEmpty());
    }

    @Test
    void closeKillsACommandInFlightAndReportsNothing() {
        HealthChecker checker = started(command("sleep " + sleepArgument + "; exit 0").setTimeoutSeconds(60).build(),
                sandboxed(sandbox, Map.of()));
        await().atMost(Duration.ofSeconds(5)).until(() -> ourSleeps().size() == 2);

        checker.close();

        await().atMost(Duration.ofSeconds(5)).until(() -> ourSleeps().isEmpty());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(listener.calls::isEmpty);
        assertEquals(List.of(), listener.calls);
    }
}

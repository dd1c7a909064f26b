package io.plinth.agent.process.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.HealthCheck.Type;
import org.junit.jupiter.api.Test;

class ValidationTest {

    private static final HealthCheck.HTTPCheckInfo HTTP_OK = HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).build();

    /** buildPartial: a port is "required" in the proto, yet a partial message still arrives via JSON or buildPartial. */
    private static String rejection(HealthCheck.Builder check) {
        return assertThrows(IllegalArgumentException.class, () -> HealthChecker.validate(check.buildPartial()))
                .getMessage();
    }

    private static void assertRejected(HealthCheck.Builder check, String... fragments) {
        String message = rejection(check);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), "expected \"" + fragment + "\" in: " + message);
        }
    }

    @Test
    void httpWithoutPort() {
        assertRejected(HealthCheck.newBuilder().setType(Type.HTTP).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().buildPartial()),
                "http.port is required");
    }

    @Test
    void httpTypeWithoutHttp() {
        assertRejected(HealthCheck.newBuilder().setType(Type.HTTP), "http is required");
    }

    @Test
    void tcpWithoutPort() {
        assertRejected(HealthCheck.newBuilder().setType(Type.TCP).setTcp(HealthCheck.TCPCheckInfo.newBuilder().buildPartial()),
                "tcp.port is required");
    }

    @Test
    void commandWithoutCommand() {
        assertRejected(HealthCheck.newBuilder().setType(Type.COMMAND), "command is required");
        assertRejected(HealthCheck.newBuilder().setType(Type.COMMAND).setCommand(CommandInfo.newBuilder()),
                "command.value is required");
    }

    @Test
    void unsupportedOrMissingType() {
        assertRejected(HealthCheck.newBuilder().setType(Type.UNKNOWN), "type UNKNOWN is not supported");
        assertRejected(HealthCheck.newBuilder(), "type is not set");
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(1)), "more than one");
    }

    @Test
    void badNumbers() {
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK).setIntervalSeconds(-1), "interval_seconds");
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK).setDelaySeconds(Double.NaN), "delay_seconds");
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK).setTimeoutSeconds(0), "timeout_seconds must be positive");
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK).setGracePeriodSeconds(-0.5), "grace_period_seconds");
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK).setConsecutiveFailures(-1), "consecutive_failures");
    }

    @Test
    void badHttpFields() {
        assertRejected(HealthCheck.newBuilder().setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(70000)),
                "http.port must be between 1 and 65535");
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK.toBuilder().setScheme("ftp")), "http.scheme");
        assertRejected(HealthCheck.newBuilder().setHttp(HTTP_OK.toBuilder().setPath("health")), "http.path");
    }

    @Test
    void unsupportedVariables() {
        Environment.Variable secret = Environment.Variable.newBuilder().setName("TOKEN")
                .setType(Environment.Variable.Type.SECRET).build();
        Environment.Variable noValue = Environment.Variable.newBuilder().setName("X").build();
        assertRejected(HealthCheck.newBuilder().setCommand(CommandInfo.newBuilder().setValue("true")
                        .setEnvironment(Environment.newBuilder().addVariables(secret).addVariables(noValue))),
                "command.environment.variables[0] is a SECRET", "command.environment.variables[1].value is required");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertRejected(HealthCheck.newBuilder().setType(Type.TCP).setTcp(HealthCheck.TCPCheckInfo.newBuilder().buildPartial())
                .setIntervalSeconds(-1).setTimeoutSeconds(-2), "tcp.port", "interval_seconds", "timeout_seconds");
    }

    @Test
    void unsetFieldsGetMesosDefaultsAndTypeIsInferred() {
        CheckSettings settings = CheckSettings.of(HealthCheck.newBuilder()
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(80)).build());

        assertEquals(new CheckSettings(Type.TCP, Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(20),
                3, Duration.ofSeconds(10)), settings);
        assertEquals(Type.COMMAND, CheckSettings.of(HealthCheck.newBuilder()
                .setCommand(CommandInfo.newBuilder().setValue("true")).build()).type());
        assertEquals(Duration.ofMillis(100), CheckSettings.of(HealthCheck.newBuilder().setHttp(HTTP_OK)
                .setIntervalSeconds(0.1).build()).interval());
    }

    @Test
    void commandArgv() {
        assertEquals(List.of("/bin/sh", "-c", "exit 0"), CommandProbe.argv(CommandInfo.newBuilder().setValue("exit 0").build()));
        assertEquals(List.of("/usr/bin/curl", "-f", "x"), CommandProbe.argv(CommandInfo.newBuilder().setShell(false)
                .setValue("/usr/bin/curl").addArguments("curl").addArguments("-f").addArguments("x").build()));
        assertEquals(List.of("/bin/true"), CommandProbe.argv(CommandInfo.newBuilder().setShell(false)
                .setValue("/bin/true").build()));
    }

    @Test
    void httpUrls() {
        assertEquals("http://127.0.0.1:80/", HttpProbe.uri("http", "127.0.0.1", 80, "/").toString());
        assertEquals("https://[::1]:443/a?b=c", HttpProbe.uri("https", "::1", 443, "/a?b=c").toString());
        assertEquals("http://[::1]:80/a%20b", HttpProbe.uri("http", "[::1]", 80, "/a b").toString());
    }

    @Test
    void commandCheckNeedsASandbox() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            HealthCheck check = HealthCheck.newBuilder().setCommand(CommandInfo.newBuilder().setValue("true")).build();
            String message = assertThrows(IllegalArgumentException.class, () -> new HealthChecker(check,
                    new HealthTarget("127.0.0.1", Map.of(), null), executor, executor, Clock.systemUTC(),
                    new RecordingListener())).getMessage();
            assertTrue(message.contains("sandbox"), message);
        } finally {
            executor.shutdownNow();
        }
    }
}

package io.plinth.itests.cluster;

import io.plinth.itests.support.Await;
import io.plinth.itests.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Plinth node as a real OS process of the built distribution ({@code bin/karaf daemon}, which
 * execs the JVM, so the process is the JVM). Nodes share the distribution's {@code system/} and
 * {@code lib/} but each has its own Karaf base ({@code etc/}, {@code data/}), ports and environment,
 * the way several nodes share one machine.
 */
public final class PlinthNode implements AutoCloseable {

    private final String name;
    private final Path home;
    private final Path base;
    private final Map<String, String> environment;
    private final int httpPort;
    private final int sshPort;
    private Process process;

    /**
     * @param home        the unpacked distribution (karaf-distribution/target/assembly)
     * @param base        this node's own directory; created, and kept across restarts
     * @param environment PLINTH_* variables; must hold PLINTH_HTTP_PORT and PLINTH_SSH_PORT
     */
    public PlinthNode(String name, Path home, Path base, Map<String, String> environment) {
        this.name = name;
        this.home = home;
        this.base = base;
        this.environment = new LinkedHashMap<>(environment);
        this.httpPort = Integer.parseInt(environment.get("PLINTH_HTTP_PORT"));
        this.sshPort = Integer.parseInt(environment.get("PLINTH_SSH_PORT"));
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    public int sshPort() {
        return sshPort;
    }

    public int zkPort() {
        return Integer.parseInt(environment.getOrDefault("PLINTH_ZK_PORT", "2181"));
    }

    public Http http() {
        return new Http(httpPort);
    }

    public Path log() {
        return base.resolve("data/log/karaf.log");
    }

    public synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running");
        }
        try {
            prepareBase();
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/karaf").toString(), "daemon")
                    .directory(base.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(base.resolve("console.log").toFile()));
            Map<String, String> env = builder.environment();
            env.put("KARAF_BASE", base.toString());
            env.put("KARAF_ETC", base.resolve("etc").toString());
            env.put("KARAF_DATA", base.resolve("data").toString());
            env.put("KARAF_LOG", base.resolve("data/log").toString());
            env.put("JAVA_MAX_MEM", "512M");
            // the distribution's instances/ (shared by every node) names another node's JVM as the running
            // root instance, which would stop a restarted node from starting
            env.put("CHECK_ROOT_INSTANCE_RUNNING", "false");
            env.putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    /** Copies the distribution's etc/ once, so that this node's configuration writes stay its own. */
    private void prepareBase() throws IOException {
        Files.createDirectories(base.resolve("data/log"));
        Path etc = base.resolve("etc");
        if (Files.exists(etc)) {
            return;
        }
        Path source = home.resolve("etc");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = etc.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits until the node answers {@code GET /ping}. */
    public void awaitReady(Duration timeout) {
        http().awaitOk("/ping", timeout);
    }

    /** {@code kill -9}: the JVM and anything it started die at once; nothing is cleaned up. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        waitForExit(Duration.ofSeconds(30));
    }

    /**
     * {@code kill -9} of the node's JVM alone, as a crash would: processes it started (an agent's
     * tasks) live on, re-parented.
     */
    public synchronized void killJvm() {
        if (process == null) {
            return;
        }
        ProcessHandle jvm = Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(handle -> handle.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst().orElse(process.toHandle());
        jvm.destroyForcibly();
        jvm.onExit().join();
        waitForExit(Duration.ofSeconds(30));
    }

    /** Graceful stop (SIGTERM): Karaf stops its bundles, which hand over leadership. */
    public synchronized void stop(Duration timeout) {
        if (process == null) {
            return;
        }
        process.destroy();
        waitForExit(timeout);
    }

    private void waitForExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
                throw new AssertionError(name + " did not exit within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted stopping " + name, e);
        }
    }

    /** Process id of the node's JVM, while it runs. */
    public synchronized Optional<Long> pid() {
        return isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    /**
     * Runs a command in the node's Karaf shell over ssh, with the distribution's own {@code bin/client},
     * as an operator would, and returns what it printed.
     */
    public String shell(String command) throws IOException, InterruptedException {
        Process client = new ProcessBuilder(home.resolve("bin/client").toString(),
                "-a", String.valueOf(sshPort), "-h", "127.0.0.1", "-u", "karaf", "-p", "karaf", "-b")
                .redirectErrorStream(true)
                .start();
        client.getOutputStream().write((command + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        client.getOutputStream().close();
        String output = new String(client.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!client.waitFor(60, TimeUnit.SECONDS)) {
            client.destroyForcibly();
            throw new AssertionError("bin/client did not finish: " + output);
        }
        return output;
    }

    /** Polls the shell until {@code command}'s output contains {@code expected}. */
    public String awaitShell(String command, String expected, Duration timeout) {
        return Await.until("'" + expected + "' from " + command + " on " + name, timeout, () -> {
            String output = shell(command);
            return output.contains(expected) ? output : null;
        });
    }

    @Override
    public synchronized void close() {
        if (isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + "(http " + httpPort + ")";
    }
}

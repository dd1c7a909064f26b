package io.plinth.itests.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.itests.cluster.PlinthCluster;
import io.plinth.itests.cluster.PlinthNode;
import io.plinth.itests.support.Await;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;

/** What the Mesos acceptance tests share: finding the leader, waiting in parallel, logs on failure. */
final class MesosClusterSupport {

    static final Duration BOOT = Duration.ofSeconds(150);

    private MesosClusterSupport() {
    }

    static Path distribution() {
        return Paths.get(System.getProperty("plinth.assembly")).toAbsolutePath();
    }

    static Path workDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(Paths.get("target").toAbsolutePath(), prefix);
    }

    static URI base(PlinthNode node) {
        return URI.create("http://127.0.0.1:" + node.httpPort());
    }

    /**
     * The leading master as {@code /master/redirect} on the running {@code masters} tells it,
     * polling until one of them answers a 307 naming a running master other than {@code previous}
     * and that master's own redirect names itself.
     */
    static URI awaitLeader(PlinthCluster cluster, List<PlinthNode> masters, URI previous, Duration timeout) {
        return Await.until("a leading master other than " + previous + " via /master/redirect", timeout, () -> {
            for (PlinthNode node : masters) {
                if (!node.isAlive()) {
                    continue;
                }
                Optional<URI> leader = MesosOperator.leaderVia(base(node));
                if (leader.isEmpty() || leader.get().equals(previous)) {
                    continue;
                }
                PlinthNode named = cluster.byAddress(leader.get().getRawAuthority());
                if (named.isAlive() && masters.contains(named) && MesosOperator.leaderVia(leader.get()).equals(leader)) {
                    return leader.get();
                }
            }
            return null;
        });
    }

    /** {@code /master/state} of {@code master} once it shows {@code agents} activated agents. */
    static JsonNode awaitActiveAgents(URI master, int agents, Duration timeout) {
        MesosOperator operator = new MesosOperator(master);
        return Await.until(agents + " activated agents in /master/state of " + master, timeout, () -> {
            JsonNode state = operator.json("/master/state");
            return state.path("activated_slaves").asInt() == agents && state.path("slaves").size() == agents ? state : null;
        });
    }

    /** Runs the calls in parallel and returns their results in order; the first failure is rethrown as is. */
    @SafeVarargs
    static <T> List<T> parallel(Callable<T>... calls) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(calls.length);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(executor.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw (Exception) e.getCause();
                }
            }
            return results;
        } finally {
            executor.shutdownNow();
        }
    }

    static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** On failure, prints where each node's log is and its last lines, so the report can quote them. */
    static TestWatcher logsOnFailure(java.util.function.Supplier<PlinthCluster> cluster) {
        return new TestWatcher() {
            @Override
            protected void failed(Throwable e, Description description) {
                printLogs(cluster.get());
            }
        };
    }

    /** Prints each node's log location and its last lines. */
    static void printLogs(PlinthCluster cluster) {
        if (cluster == null) {
            return;
        }
        for (PlinthNode node : cluster.nodes()) {
            System.out.println("[mesos] " + node + " log " + node.log() + ", last lines:");
            try {
                List<String> lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8);
                System.out.println(lines.subList(Math.max(0, lines.size() - 40), lines.size()).stream()
                        .map(line -> "    " + line).collect(Collectors.joining("\n")));
            } catch (IOException | RuntimeException unreadable) {
                System.out.println("    (unreadable: " + unreadable + ")");
            }
        }
    }
}

package io.plinth.dns.bench;

import io.plinth.dns.core.RecordGenerator;
import io.plinth.dns.core.Records;
import io.plinth.dns.core.Srv;
import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import io.plinth.dns.server.Answerer;
import io.plinth.dns.server.DnsServer;
import io.plinth.dns.server.ResolverUpstream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * The Plinth side of {@code bench/dns.sh}: a synthetic cluster of 10,000 running Marathon tasks, the records
 * {@link RecordGenerator} makes of it, the same records as a zone file for a reference server, a dnsperf query
 * file, and a {@link DnsServer} answering from those records until the process is killed.
 *
 * <p>Usage: {@code DnsBenchServer <out-dir> [--port N] [--workers N] [--queue N] [--queries N] [--apps N]}. Writes
 * {@code <out-dir>/mesos.zone} and {@code <out-dir>/queries.txt}, then prints one line {@code ready port=N}.
 * Everything is derived from fixed seeds, so two runs write byte-identical files.
 *
 * <p>Cluster: 1,000 agents (10.0.0.1 ... 10.0.3.250), framework "marathon", 10,000 running tasks in
 * {@code --apps} apps ({@code app-000} ...; default 1,000 apps of 10 instances). Instance j of app a runs on
 * agent (a * instances + j) mod 1,000, so an app's instances are on distinct agents and every agent runs 10
 * tasks. Even apps have one host port, odd apps two. Tasks have no container network, so every name resolves
 * to agent addresses (Mesos-DNS's "host" IP source), as for Marathon apps in host or bridge networking.
 *
 * <p>Why 10 instances by default: an answer for an app of 100 instances (100 A records, 1,640 bytes) fits in
 * no UDP response, so both servers would answer most queries with TC and the benchmark would measure
 * truncation rather than lookups ({@code --apps 100} shows that case).
 */
public final class DnsBenchServer {
    static final String DOMAIN = "mesos";
    static final int AGENTS = 1_000;
    static final int TASKS = 10_000;
    static final long SERIAL = 1;

    private DnsBenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: DnsBenchServer <out-dir> [--port N] [--workers N] [--queue N] [--queries N]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int port = 0;
        int workers = 1;
        int queue = 4096;
        int queryCount = 100_000;
        int apps = 1_000;
        for (int i = 1; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--port" -> port = value;
                case "--workers" -> workers = value;
                case "--queue" -> queue = value;
                case "--queries" -> queryCount = value;
                case "--apps" -> apps = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }

        DnsConfig config = DnsConfig.builder().domain(DOMAIN).port(port).listener("127.0.0.1").externalOn(false)
                .resolvers(List.of()).build();
        if (apps < 1 || TASKS % apps != 0 || apps > 1_000) {
            throw new IllegalArgumentException("--apps must divide " + TASKS + " and be at most 1,000: " + apps);
        }
        Records records = new RecordGenerator().generate(cluster(apps), config, SERIAL);
        Files.createDirectories(out);
        int zoneRecords = writeZone(records, config, out.resolve(DOMAIN + ".zone"));
        writeQueries(records, out.resolve("queries.txt"), queryCount, apps);
        System.err.printf("records: %d A names, %d SRV names, %d zone records%n", records.aRecords().size(),
                records.srvRecords().size(), zoneRecords);

        Answerer answerer = new Answerer(config, () -> records, new ResolverUpstream(List.of(), config.timeout()),
                new Random(1));
        // The forward pool is never used (externalOn is off); the TCP limits only matter for truncated answers.
        DnsServer server = new DnsServer(config.listener(), port, answerer,
                new DnsServer.Limits(workers, 1, queue, 64, Duration.ofSeconds(10)));
        server.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            DnsServer.Stats stats = server.stats();
            server.close();
            System.err.println("stats: " + stats);
            stopped.countDown();
        }));
        System.out.println("ready port=" + server.udpPort());
        System.out.flush();
        stopped.await();
    }

    /** The synthetic cluster described in the class comment. */
    static ClusterState cluster(int apps) {
        int instances = TASKS / apps;
        List<Agent> agents = new ArrayList<>(AGENTS);
        for (int i = 0; i < AGENTS; i++) {
            String ip = "10.0." + (i / 250) + "." + (i % 250 + 1);
            agents.add(new Agent("7c2a9e4f-0b1d-4c3e-9f8a-5d6e7f8a9b0c-S" + i, "agent-" + i, ip));
        }
        Framework marathon = new Framework("7c2a9e4f-0b1d-4c3e-9f8a-5d6e7f8a9b0c-0000", "marathon");
        List<Task> tasks = new ArrayList<>(TASKS);
        for (int app = 0; app < apps; app++) {
            String name = appName(app);
            for (int j = 0; j < instances; j++) {
                Agent agent = agents.get((app * instances + j) % AGENTS);
                int base = 31_000 + 2 * j;
                List<Integer> ports = app % 2 == 0 ? List.of(base) : List.of(base, base + 1);
                String id = name + ".instance-" + String.format("%08x-%04d", app * 7919 + j, j);
                tasks.add(new Task(id, name, marathon.id(), agent.id(), "TASK_RUNNING", ports, Optional.empty(),
                        List.of(), Map.of()));
            }
        }
        Master leader = new Master("master-0", "10.1.0.1", 5050);
        return new ClusterState(Optional.of(leader), List.of(leader), agents, List.of(marathon), tasks);
    }

    static String appName(int app) {
        return String.format("app-%03d", app);
    }

    /**
     * Exactly the A and SRV records the server answers from, plus the SOA and NS it synthesises at the apex
     * (same TTL, names and serial as {@link Answerer} uses). Returns the number of records written.
     */
    static int writeZone(Records records, DnsConfig config, Path file) throws IOException {
        String apex = config.domain() + ".";
        int count = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            w.write("$TTL " + config.ttl() + "\n");
            w.write(apex + " IN SOA " + config.soaMname() + ". " + config.soaRname() + ". " + records.serial() + " "
                    + config.soaRefresh() + " " + config.soaRetry() + " " + config.soaExpire() + " "
                    + config.soaMinttl() + "\n");
            w.write(apex + " IN NS " + config.soaMname() + ".\n");
            count += 2;
            for (Map.Entry<String, List<String>> e : records.aRecords().entrySet()) {
                for (String ip : e.getValue()) {
                    w.write(e.getKey() + " IN A " + ip + "\n");
                    count++;
                }
            }
            for (Map.Entry<String, List<Srv>> e : records.srvRecords().entrySet()) {
                for (Srv srv : e.getValue()) {
                    w.write(e.getKey() + " IN SRV " + srv.priority() + " " + srv.weight() + " " + srv.port() + " "
                            + srv.target() + "\n");
                    count++;
                }
            }
        }
        return count;
    }

    /**
     * A dnsperf input of {@code count} lines ("name type"), a fixed-seed mix of what service discovery asks:
     * 70 % A of an app name (all its instances' addresses), 15 % SRV of {@code _app._tcp.marathon.mesos}, 10 % A of a canonical task name (one address) and 5 %
     * names that do not exist (NXDOMAIN).
     */
    static void writeQueries(Records records, Path file, int count, int apps) throws IOException {
        List<String> canonical = records.aRecords().keySet().stream()
                .filter(name -> name.endsWith(".marathon." + DOMAIN + ".") && !name.matches("app-\\d{3}\\.marathon\\..*"))
                .toList();
        if (canonical.size() != TASKS) {
            throw new IllegalStateException("expected one canonical name per task, found " + canonical.size());
        }
        Random random = new Random(17);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
            for (int i = 0; i < count; i++) {
                int pick = random.nextInt(100);
                String app = appName(random.nextInt(apps));
                String line;
                if (pick < 70) {
                    line = app + ".marathon." + DOMAIN + " A";
                } else if (pick < 85) {
                    line = "_" + app + "._tcp.marathon." + DOMAIN + " SRV";
                } else if (pick < 95) {
                    String name = canonical.get(random.nextInt(canonical.size()));
                    line = name.substring(0, name.length() - 1) + " A";
                } else {
                    line = "missing-" + random.nextInt(1_000_000) + ".marathon." + DOMAIN + " A";
                }
                w.write(line);
                w.write('\n');
            }
        }
    }
}

package io.plinth.itests.dns;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.plinth.itests.support.Await;
import io.plinth.itests.support.Http;
import io.plinth.itests.support.Json;
import io.plinth.itests.support.PlinthKarafTestSupport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Service discovery end to end on the all-in-one node: a Marathon app runs real processes on the
 * node's own agent, and its Mesos-DNS names are asked with the real {@code dig}, with dnsjava over UDP
 * and TCP, through the Mesos-DNS HTTP API (its own port and {@code /mesos_dns} on the node's port) and
 * the shell. The propagation test measures, per task, the time from Marathon's {@code TASK_RUNNING}
 * (or terminal) event to the first DNS answer that shows (or no longer shows) its host port, writes
 * the figures to {@code target/dns-propagation.txt} and fails a task that takes longer than 5 s.
 *
 * <p>Methods run in name order and share the app: each one that needs it calls {@link #twoRunningTasks};
 * the last one deletes it.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DnsIT extends PlinthKarafTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(120);
    /** How long a change may take to reach DNS: a functional bound, not a benchmark. */
    private static final Duration PROPAGATION_DEADLINE = Duration.ofSeconds(5);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int SCALED = 12;

    private static final String APP = "/prod/web";
    /** Marathon names /prod/web's tasks "web.prod"; Mesos-DNS makes that the label "web-prod". */
    private static final String HOST = "web-prod.marathon.mesos.";
    private static final String SERVICE = "_web-prod._tcp.marathon.mesos.";
    /** Marks the app's processes (MARATHON_APP_LABEL_PLINTH_IT=dns) for the clean-up safety net. */
    private static final String MARKER = "MARATHON_APP_LABEL_PLINTH_IT=dns";
    private static final Pattern TARGET = Pattern.compile("web-prod-[a-z0-9]{5}-[a-z0-9]+\\.marathon\\.mesos\\.");

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Marathon's events since the first test (status updates in full), to tell what happened when a check fails. */
    private static final List<String> HISTORY = Collections.synchronizedList(new ArrayList<>());
    private static EventStream history;

    /** Runs a test's body; a failed check also says what Marathon and DNS knew (see {@link #diagnosis}). */
    private void diagnosed(Body body) throws Exception {
        try {
            body.run();
        } catch (AssertionError e) {
            // no cause: the runner in the container reports the innermost cause, which would drop the diagnosis
            AssertionError diagnosed = new AssertionError(e.getMessage() + " || " + diagnosis());
            diagnosed.setStackTrace(e.getStackTrace());
            throw diagnosed;
        }
    }

    private interface Body {
        void run() throws Exception;
    }

    @Override
    protected String role() {
        return "all-in-one";
    }

    // ------------------------------------------------------------------ wire

    @Test
    public void a_digAnswersTheAppsAddressAndItsTasksPorts() throws Exception {
        diagnosed(this::digAnswers);
    }

    private void digAnswers() throws Exception {
        List<Map<String, Object>> tasks = twoRunningTasks();
        String agentIp = agentIp(tasks);
        Set<Integer> ports = hostPorts(tasks);
        for (boolean tcp : new boolean[] {false, true}) {
            List<String> a = Dig.shortAnswer(dnsPort(), HOST, "A", tcp);
            assertEquals("dig " + (tcp ? "+tcp " : "") + HOST + ": " + a, List.of(agentIp), a);
            List<String> srv = Dig.shortAnswer(dnsPort(), SERVICE, "SRV", tcp);
            assertEquals("dig " + (tcp ? "+tcp " : "") + SERVICE + ": " + srv, 2, srv.size());
            Set<Integer> answered = new HashSet<>();
            for (String line : srv) {
                // "0 1 31005 web-prod-abcde-s0.marathon.mesos."
                String[] fields = line.split("\\s+");
                assertEquals(line, 4, fields.length);
                answered.add(Integer.parseInt(fields[2]));
                assertTrue(line, TARGET.matcher(fields[3]).matches());
                assertEquals(fields[3], List.of(agentIp), Dig.shortAnswer(dnsPort(), fields[3], "A", tcp));
            }
            assertEquals("SRV ports against Marathon's", ports, answered);
        }
        String leader = Dig.full(dnsPort(), "leader.mesos.", "A", false);
        assertEquals(leader, "NOERROR", Dig.status(leader));
        assertEquals(List.of(advertisedIp()), Dig.shortAnswer(dnsPort(), "leader.mesos.", "A", false));

        String unknown = Dig.full(dnsPort(), "no-such-app.marathon.mesos.", "A", false);
        assertEquals(unknown, "NXDOMAIN", Dig.status(unknown));
        assertTrue(unknown, Pattern.compile("(?m)^mesos\\.\\s+\\d+\\s+IN\\s+SOA\\s+ns1\\.mesos\\. ").matcher(unknown).find());
        // no resolvers are configured: names outside the domain are refused, never forwarded
        String outside = Dig.full(dnsPort(), "example.com.", "A", false);
        assertEquals(outside, "REFUSED", Dig.status(outside));
    }

    @Test
    public void b_dnsjavaAnswersOverUdpAndTcp() throws Exception {
        diagnosed(this::dnsjavaAnswers);
    }

    private void dnsjavaAnswers() throws Exception {
        List<Map<String, Object>> tasks = twoRunningTasks();
        String agentIp = agentIp(tasks);
        Set<Integer> ports = hostPorts(tasks);
        for (boolean tcp : new boolean[] {false, true}) {
            String how = tcp ? "TCP" : "UDP";
            Reply a = Wire.ask(dnsPort(), HOST, "A", tcp);
            assertEquals(how + " " + a, "NOERROR", a.rcode());
            assertTrue(how + " " + a, a.authoritative());
            assertEquals(how + " " + a, List.of(new Rr(HOST, "A", agentIp)), a.answer());

            Reply srv = Wire.ask(dnsPort(), SERVICE, "SRV", tcp);
            assertEquals(how + " " + srv, "NOERROR", srv.rcode());
            assertFalse(how + " " + srv, srv.truncated());
            assertEquals(how + " " + srv, ports, srv.srvPorts());
            Set<String> targets = srv.answer().stream().map(rr -> rr.data().split(" ")[3]).collect(Collectors.toSet());
            targets.forEach(target -> assertTrue(target, TARGET.matcher(target).matches()));
            // the targets' addresses come along in the additional section
            Set<Rr> expectedAdditional = targets.stream().map(t -> new Rr(t, "A", agentIp)).collect(Collectors.toSet());
            assertEquals(how + " " + srv, expectedAdditional, new HashSet<>(srv.additional()));

            Reply leader = Wire.ask(dnsPort(), "leader.mesos.", "A", tcp);
            assertEquals(how + " " + leader, List.of(new Rr("leader.mesos.", "A", advertisedIp())), leader.answer());

            Reply unknown = Wire.ask(dnsPort(), "no-such-app.marathon.mesos.", "A", tcp);
            assertEquals(how + " " + unknown, "NXDOMAIN", unknown.rcode());
            assertEquals(how + " " + unknown, List.of(), unknown.answer());
            assertEquals(how + " " + unknown, 1, unknown.authority().size());
            assertEquals(how + " " + unknown, "SOA", unknown.authority().get(0).type());
            assertEquals(how + " " + unknown, "mesos.", unknown.authority().get(0).name());
            assertTrue(how + " " + unknown, unknown.authority().get(0).data().startsWith("ns1.mesos. root.ns1.mesos. "));

            Reply outside = Wire.ask(dnsPort(), "example.com.", "A", tcp);
            assertEquals(how + " " + outside, "REFUSED", outside.rcode());
            assertEquals(how + " " + outside, List.of(), outside.answer());
        }
    }

    // ------------------------------------------------------------------ HTTP

    @Test
    public void c_mesosDnsHttpApiOnItsPortAndOnTheNodesPort() throws Exception {
        diagnosed(this::httpApiAnswers);
    }

    private void httpApiAnswers() throws Exception {
        List<Map<String, Object>> tasks = twoRunningTasks();
        String agentIp = agentIp(tasks);
        Set<Integer> ports = hostPorts(tasks);
        Set<String> taskIds = tasks.stream().map(t -> (String) t.get("id")).collect(Collectors.toSet());
        Http own = new Http(dnsHttpPort());
        Http node = http();
        for (Map.Entry<String, Http> api : Map.of("/v1", own, "/mesos_dns/v1", node).entrySet()) {
            String base = api.getKey();
            Http client = api.getValue();

            Http.Response version = client.awaitOk(base + "/version", WAIT);
            assertTrue(version.contentType(), version.contentType().startsWith("application/json"));
            Map<String, Object> versionBody = Json.object(version.body());
            assertEquals(version.body(), "Mesos-DNS", versionBody.get("Service"));
            assertTrue(version.body(), versionBody.get("Version") instanceof String v && !v.isEmpty());
            assertTrue(version.body(), versionBody.containsKey("URL"));

            List<Map<String, Object>> hosts = Json.array(client.awaitOk(base + "/hosts/web-prod.marathon.mesos", WAIT).body());
            assertEquals(hosts.toString(), List.of(Map.of("host", HOST, "ip", agentIp)), hosts);

            String asked = "_web-prod._tcp.marathon.mesos";
            List<Map<String, Object>> services = Json.array(client.awaitOk(base + "/services/" + asked, WAIT).body());
            assertEquals(services.toString(), 2, services.size());
            Set<Integer> servicePorts = new HashSet<>();
            for (Map<String, Object> service : services) {
                assertEquals(service.toString(), Set.of("service", "host", "ip", "port"), service.keySet());
                assertEquals(service.toString(), asked, service.get("service"));
                assertTrue(service.toString(), TARGET.matcher((String) service.get("host")).matches());
                assertEquals(service.toString(), agentIp, service.get("ip"));
                // Mesos-DNS sends the port as a string
                servicePorts.add(Integer.parseInt((String) service.get("port")));
            }
            assertEquals(ports, servicePorts);

            List<Map<String, Object>> none = Json.array(client.awaitOk(base + "/hosts/no-such-app.marathon.mesos", WAIT).body());
            assertEquals(List.of(Map.of("host", "", "ip", "")), none);

            Map<String, Object> enumerate = Json.object(client.awaitOk(base + "/enumerate", WAIT).body());
            Map<String, Object> marathon = frameworkNamed(enumerate, "marathon");
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> enumerated = (List<Map<String, Object>>) marathon.get("tasks");
            Set<String> enumeratedIds = new HashSet<>();
            for (Map<String, Object> task : enumerated) {
                if (!"web.prod".equals(task.get("name"))) {
                    continue;
                }
                enumeratedIds.add((String) task.get("id"));
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> records = (List<Map<String, Object>>) task.get("records");
                assertTrue(task.toString(), records.contains(Map.of("name", HOST, "host", agentIp, "rtype", "A")));
                assertTrue(task.toString(), records.stream().anyMatch(r -> SERVICE.equals(r.get("name"))
                        && "SRV".equals(r.get("rtype"))
                        && ((String) r.get("host")).matches(TARGET.pattern() + ":\\d+")));
                records.forEach(r -> assertTrue(r.toString(), Set.of("A", "SRV").contains(r.get("rtype"))));
            }
            assertEquals(enumerate.toString(), taskIds, enumeratedIds);
        }
        // the admin port serves the very same API, not a look-alike
        assertEquals(Json.object(own.get("/v1/version").body()), Json.object(node.get("/mesos_dns/v1/version").body()));
        for (String path : List.of("/hosts/web-prod.marathon.mesos", "/hosts/leader.mesos", "/services/" + SERVICE)) {
            assertEquals(path, Json.array(own.get("/v1" + path).body()), Json.array(node.get("/mesos_dns/v1" + path).body()));
        }
        assertEquals(404, own.get("/v1/no-such-route").status());
        assertEquals(404, node.get("/mesos_dns/v1/no-such-route").status());
    }

    // ------------------------------------------------------------------ shell

    @Test
    public void d_shellLooksUpAndListsTheRecords() throws Exception {
        diagnosed(this::shellAnswers);
    }

    private void shellAnswers() throws Exception {
        List<Map<String, Object>> tasks = twoRunningTasks();
        String agentIp = agentIp(tasks);
        Set<Integer> ports = hostPorts(tasks);

        String lookup = executeCommand("plinth:dns-lookup web-prod.marathon.mesos");
        System.out.println("[dns] plinth:dns-lookup web-prod.marathon.mesos\n" + lookup);
        assertTrue(lookup, lookup.contains("status: NOERROR"));
        assertTrue(lookup, Pattern.compile("(?m)^\\s*" + Pattern.quote(HOST) + "\\s*\\|\\s*\\d+\\s*\\|\\s*A\\s*\\|\\s*"
                + Pattern.quote(agentIp) + "\\s*$").matcher(lookup).find());

        String srv = executeCommand("plinth:dns-lookup _web-prod._tcp.marathon.mesos SRV");
        assertTrue(srv, srv.contains("status: NOERROR"));
        assertTrue(srv, srv.contains("ADDITIONAL"));
        for (int port : ports) {
            assertTrue(port + " in " + srv, Pattern.compile("\\|\\s*SRV\\s*\\|\\s*\\d+ \\d+ " + port + " "
                    + TARGET.pattern()).matcher(srv).find());
        }
        String missing = executeCommand("plinth:dns-lookup no-such-app.marathon.mesos");
        assertTrue(missing, missing.contains("status: NXDOMAIN"));
        assertTrue(missing, missing.contains("AUTHORITY"));

        String records = executeCommand("plinth:dns-records");
        System.out.println("[dns] plinth:dns-records\n" + records);
        assertTrue(records, records.startsWith("domain mesos, serial "));
        assertTrue(records, records.contains("following " + advertisedIp() + ":" + httpPort()));
        assertTrue(records, records.contains("udp/tcp port " + dnsPort() + ", HTTP port " + dnsHttpPort()));
        assertTrue(records, records.contains(HOST));
        assertTrue(records, records.contains("leader.mesos."));
        for (int port : ports) {
            assertTrue(port + " in " + records, Pattern.compile(Pattern.quote(SERVICE) + "\\s*\\|\\s*\\d+\\s*\\|\\s*SRV\\s*\\|\\s*\\d+ \\d+ "
                    + port + " ").matcher(records).find());
        }
        String filtered = executeCommand("plinth:dns-records --name web-prod");
        assertFalse(filtered, filtered.contains("leader.mesos."));
        assertTrue(filtered, filtered.contains(SERVICE));
    }

    // ------------------------------------------------------------------ propagation

    @Test
    public void e_newTasksResolveAndKilledTasksVanishWithinFiveSeconds() throws Exception {
        diagnosed(this::changesPropagate);
    }

    private void changesPropagate() throws Exception {
        List<Map<String, Object>> before = twoRunningTasks();
        Set<String> old = before.stream().map(t -> (String) t.get("id")).collect(Collectors.toSet());
        List<String> report = new ArrayList<>();
        try (EventStream events = EventStream.open(httpPort())) {
            // up: every new task's port must appear in the SRV answer
            long scaledAt = System.nanoTime();
            HttpResponse<String> scale = marathon("PUT", "/v2/apps/prod/web", "{\"instances\":" + SCALED + "}");
            assertEquals(scale.body(), 200, scale.statusCode());
            Map<String, Long> up = follow(events, SCALED - 2, id -> !old.contains(id), Set.of("TASK_RUNNING"), true);
            System.out.println("[dns] scaled 2 -> " + SCALED + " in " + millis(System.nanoTime() - scaledAt) + " ms");
            report.add(line("TASK_RUNNING -> port in SRV answer", up.values()));
            List<Map<String, Object>> scaled = awaitRunningTasks(SCALED);
            assertEquals(hostPorts(scaled), Wire.ask(dnsPort(), SERVICE, "SRV", false).srvPorts());

            // one task killed (and the app scaled down with it): its port must leave the answer
            String victim = (String) scaled.get(scaled.size() - 1).get("id");
            HttpResponse<String> kill = marathon("DELETE", "/v2/apps/prod/web/tasks/" + victim + "?scale=true", "");
            assertEquals(kill.body(), 200, kill.statusCode());
            Map<String, Long> killed = follow(events, 1, victim::equals, TERMINAL, false);
            report.add(line("kill: terminal event -> port gone from SRV answer", killed.values()));

            // and back down to two, once the kill's own deployment (scale=true) has finished
            Await.until("the kill's deployment finished", WAIT, () ->
                    marathon("GET", "/v2/deployments", "").body().strip().equals("[]") ? true : null);
            HttpResponse<String> down = marathon("PUT", "/v2/apps/prod/web", "{\"instances\":2}");
            assertEquals(down.body(), 200, down.statusCode());
            Map<String, Long> gone = follow(events, SCALED - 3, id -> !id.equals(victim), TERMINAL, false);
            report.add(line("scale down: terminal event -> port gone from SRV answer", gone.values()));
            List<Map<String, Object>> after = awaitRunningTasks(2);
            assertEquals(hostPorts(after), Wire.ask(dnsPort(), SERVICE, "SRV", false).srvPorts());
        } finally {
            String text = String.join("\n", report) + "\n";
            System.out.println("[dns] propagation (dnsjava over UDP, polled every 5 ms)\n" + text);
            Files.writeString(itestsTarget().resolve("dns-propagation.txt"), "# DnsIT: Marathon event -> DNS answer, "
                    + "dnsjava over UDP polled every " + TimeUnit.NANOSECONDS.toMillis(POLL_NANOS) + " ms, in ms\n" + text);
        }
    }

    @Test
    public void z_deletingTheAppRemovesItsNames() throws Exception {
        try {
            HttpResponse<String> delete = marathon("DELETE", "/v2/apps/prod/web?force=true", "");
            assertTrue(delete.body(), delete.statusCode() == 200 || delete.statusCode() == 404);
            Await.until(APP + " gone", WAIT, () -> marathon("GET", "/v2/apps/prod/web", "").statusCode() == 404);
            // as Mesos-DNS: the host name is NXDOMAIN again, the service an empty NOERROR
            Await.until("NXDOMAIN for " + HOST + ", no SRV for " + SERVICE, WAIT, () -> {
                Reply srv = Wire.ask(dnsPort(), SERVICE, "SRV", true);
                return Wire.ask(dnsPort(), HOST, "A", false).rcode().equals("NXDOMAIN")
                        && srv.rcode().equals("NOERROR") && srv.answer().isEmpty();
            });
            byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
            Await.until("no process of " + APP + " left", WAIT, () ->
                    ProcessHandle.allProcesses().noneMatch(p -> environContains(p.pid(), marker)));
        } finally {
            endLeftoverTasks();
        }
    }

    /**
     * Tasks survive the container (the agent re-adopts them on restart): the last test ends ours if
     * any are left. Not an {@code @AfterClass}: Pax Exam runs those in the container after every
     * test method, which killed the app's tasks between tests (Marathon replaced them, and a test
     * that began before the agent saw them die lost one mid-way).
     */
    private static void endLeftoverTasks() {
        byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
        ProcessHandle.allProcesses().filter(p -> environContains(p.pid(), marker)).forEach(ProcessHandle::destroyForcibly);
    }

    // ------------------------------------------------------------------ helpers: propagation

    private static final Set<String> TERMINAL = Set.of("TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR",
            "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNREACHABLE");

    /**
     * Follows {@code count} status events of {@link #APP} (taking tasks {@code wanted} and states in
     * {@code states}) while asking DNS every 5 ms; per task, the time from receiving its event to the end
     * of the first query that was sent after the event and whose SRV answer has ({@code appear}) or no
     * longer has its port. Fails a task that takes longer than {@link #PROPAGATION_DEADLINE}.
     */
    private Map<String, Long> follow(EventStream events, int count, Predicate<String> wanted,
                                     Set<String> states, boolean appear) {
        Map<String, Event> pending = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, Long> nanos = new LinkedHashMap<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        int queryErrors = 0;
        while (nanos.size() < count) {
            for (Event event = events.poll(); event != null; event = events.poll()) {
                if (APP.equals(event.appId()) && states.contains(event.state()) && wanted.test(event.taskId())
                        && !event.ports().isEmpty() && seen.add(event.taskId())) {
                    pending.put(event.taskId(), event);
                }
            }
            long sent = System.nanoTime();
            Set<Integer> ports;
            try {
                ports = Wire.ask(dnsPort(), SERVICE, "SRV", false).srvPorts();
            } catch (IOException e) {
                // a lost datagram is a slow answer, not a failure: the deadline below still holds
                queryErrors++;
                ports = null;
            }
            long answered = System.nanoTime();
            for (var it = pending.values().iterator(); it.hasNext(); ) {
                Event event = it.next();
                int port = event.ports().get(0);
                if (ports != null && event.receivedNanos() <= sent && ports.contains(port) == appear) {
                    nanos.put(event.taskId(), answered - event.receivedNanos());
                    it.remove();
                } else if (answered - event.receivedNanos() > PROPAGATION_DEADLINE.toNanos()) {
                    fail("task " + event.taskId() + " port " + port + (appear ? " not in " : " still in ") + SERVICE
                            + " " + millis(answered - event.receivedNanos()) + " ms after its " + event.state()
                            + " event; SRV ports " + ports);
                }
            }
            if (answered > deadline) {
                fail("only " + (nanos.size() + pending.size()) + " of " + count + " " + states + " events of " + APP
                        + " in " + WAIT.toSeconds() + " s");
            }
            // the sampling interval of the measurement, not a wait for a condition
            LockSupport.parkNanos(Math.max(0, sent + POLL_NANOS - System.nanoTime()));
        }
        if (queryErrors > 0) {
            System.out.println("[dns] " + queryErrors + " UDP queries unanswered within 1 s while polling");
        }
        return nanos;
    }

    private static String line(String what, Collection<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "%s: n=%d p50=%.1f p99=%.1f max=%.1f", what, sorted.size(),
                percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6, sorted.get(sorted.size() - 1) / 1e6);
    }

    /** Nearest-rank percentile. */
    private static long percentile(List<Long> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** itests/target: the container runs in target/exam/&lt;id&gt;. */
    private static Path itestsTarget() {
        Path dir = Path.of(System.getProperty("karaf.home", "target/exam/x")).toAbsolutePath();
        while (dir != null && !(dir.getFileName() != null && dir.getFileName().toString().equals("target")
                && Files.exists(dir.resolveSibling("pom.xml")))) {
            dir = dir.getParent();
        }
        return dir != null ? dir : Path.of("target").toAbsolutePath();
    }

    /** One status_update_event, stamped when it was read. */
    private record Event(String taskId, String appId, String state, List<Integer> ports, long receivedNanos) {
    }

    /** Marathon's /v2/events, status updates only, read on a thread of its own into a queue. */
    private static final class EventStream implements AutoCloseable {
        private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        private final InputStream body;
        private final List<String> log;
        private final long openedNanos = System.nanoTime();

        private EventStream(InputStream body, List<String> log) {
            this.body = body;
            this.log = log;
        }

        static EventStream open(int port) throws Exception {
            return open(port, null);
        }

        /** With {@code log}: every event is written there as one line instead, and nothing is queued. */
        static EventStream open(int port, List<String> log) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + (log != null ? "/v2/events" : "/v2/events?event_type=status_update_event&event_type=event_stream_attached")))
                    .header("Accept", "text/event-stream").build();
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            EventStream stream = new EventStream(response.body(), log);
            BlockingQueue<Boolean> attached = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> stream.read(attached), "dns-it-events");
            reader.setDaemon(true);
            reader.start();
            // the stream is registered before it is answered, but wait for proof that events flow
            assertTrue("event_stream_attached on /v2/events", attached.poll(30, TimeUnit.SECONDS) != null);
            return stream;
        }

        private void read(BlockingQueue<Boolean> attached) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    long at = System.nanoTime();
                    if (!line.startsWith("data:")) {
                        continue;
                    }
                    Map<String, Object> data = Json.object(line.substring(5).strip());
                    if ("event_stream_attached".equals(data.get("eventType"))) {
                        attached.add(true);
                    } else if (log != null) {
                        log.add("+" + millis(at - openedNanos) + "ms " + ("status_update_event".equals(data.get("eventType"))
                                ? data.get("taskId") + " " + data.get("taskStatus") + " " + data.get("ports") + " " + data.get("message")
                                : data.get("eventType")));
                    } else if ("status_update_event".equals(data.get("eventType"))) {
                        List<Integer> ports = new ArrayList<>();
                        if (data.get("ports") instanceof List<?> list) {
                            list.forEach(p -> ports.add(((Number) p).intValue()));
                        }
                        events.add(new Event((String) data.get("taskId"), (String) data.get("appId"),
                                (String) data.get("taskStatus"), ports, at));
                    }
                }
            } catch (IOException | RuntimeException closed) {
                // usually the test closed the stream
                if (log != null) {
                    log.add("+" + millis(System.nanoTime() - openedNanos) + "ms stream ended: " + closed);
                }
                return;
            }
            if (log != null) {
                log.add("+" + millis(System.nanoTime() - openedNanos) + "ms stream ended by the server");
            }
        }

        Event poll() {
            return events.poll();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    // ------------------------------------------------------------------ helpers: the app

    /** The app with exactly two running tasks, no deployment under way and both ports in DNS. */
    private List<Map<String, Object>> twoRunningTasks() throws Exception {
        Await.until("plinth-all-in-one installed", BOOT_TIMEOUT,
                () -> featuresService.isInstalled(featuresService.getFeature("plinth-all-in-one")));
        assertFeatureBundlesActive("plinth-all-in-one");
        Await.until("Marathon subscribed as a framework", WAIT, () -> {
            HttpResponse<String> info = marathon("GET", "/v2/info", "");
            return info.statusCode() == 200 && Json.object(info.body()).get("frameworkId") instanceof String id
                    && !id.isEmpty();
        });
        if (history == null) {
            history = EventStream.open(httpPort(), HISTORY);
        }
        HttpResponse<String> app = marathon("GET", "/v2/apps/prod/web", "");
        if (app.statusCode() == 404) {
            HttpResponse<String> created = marathon("POST", "/v2/apps", "{\"id\":\"" + APP + "\",\"cmd\":\"sleep 600\","
                    + "\"cpus\":0.01,\"mem\":8,\"disk\":0,\"instances\":2,"
                    + "\"portDefinitions\":[{\"port\":0,\"name\":\"http\",\"protocol\":\"tcp\"}],"
                    + "\"labels\":{\"PLINTH_IT\":\"dns\"}}");
            assertEquals(created.body(), 201, created.statusCode());
        } else {
            assertEquals(app.body(), 200, app.statusCode());
            if (((Number) ((Map<?, ?>) Json.object(app.body()).get("app")).get("instances")).intValue() != 2) {
                HttpResponse<String> scaled = marathon("PUT", "/v2/apps/prod/web?force=true", "{\"instances\":2}");
                assertEquals(scaled.body(), 200, scaled.statusCode());
            }
        }
        List<Map<String, Object>> tasks = awaitRunningTasks(2);
        Set<Integer> ports = hostPorts(tasks);
        Await.until("DNS answering the ports " + ports + " for " + SERVICE, WAIT,
                () -> Wire.ask(dnsPort(), SERVICE, "SRV", true).srvPorts().equals(ports));
        return tasks;
    }

    /** Exactly {@code count} tasks, all running, and no deployment of the app left. */
    private List<Map<String, Object>> awaitRunningTasks(int count) {
        return Await.until(count + " running tasks of " + APP + " and no deployment", WAIT, () -> {
            HttpResponse<String> deployments = marathon("GET", "/v2/deployments", "");
            if (deployments.statusCode() != 200 || !deployments.body().strip().equals("[]")) {
                return null;
            }
            List<Map<String, Object>> tasks = tasks();
            boolean settled = tasks.size() == count && tasks.stream().allMatch(t -> "TASK_RUNNING".equals(t.get("state")));
            return settled ? tasks : null;
        });
    }

    private List<Map<String, Object>> tasks() throws IOException, InterruptedException {
        HttpResponse<String> answer = marathon("GET", "/v2/apps/prod/web/tasks", "");
        if (answer.statusCode() != 200) {
            throw new IOException("GET /v2/apps/prod/web/tasks answered " + answer.statusCode() + ": " + answer.body());
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks = (List<Map<String, Object>>) Json.object(answer.body()).get("tasks");
        return tasks;
    }

    private static Set<Integer> hostPorts(List<Map<String, Object>> tasks) {
        Set<Integer> ports = new TreeSet<>();
        for (Map<String, Object> task : tasks) {
            List<?> taskPorts = (List<?>) task.get("ports");
            assertEquals(task.toString(), 1, taskPorts.size());
            ports.add(((Number) taskPorts.get(0)).intValue());
        }
        assertEquals("distinct host ports " + ports, tasks.size(), ports.size());
        return ports;
    }

    /** The IPv4 address of the tasks' (only) agent, as Mesos-DNS derives it from the agent's host. */
    private static String agentIp(List<Map<String, Object>> tasks) throws IOException {
        Set<String> hosts = tasks.stream().map(t -> (String) t.get("host")).collect(Collectors.toSet());
        assertEquals("one agent " + hosts, 1, hosts.size());
        String host = hosts.iterator().next();
        for (InetAddress address : InetAddress.getAllByName(host)) {
            if (address instanceof Inet4Address) {
                return address.getHostAddress();
            }
        }
        throw new IOException("no IPv4 address for the agent host " + host);
    }

    private static String advertisedIp() {
        return System.getProperty("plinth.advertise.ip", "127.0.0.1");
    }

    private static Map<String, Object> frameworkNamed(Map<String, Object> enumerate, String name) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> frameworks = (List<Map<String, Object>>) enumerate.get("frameworks");
        assertTrue(enumerate.toString(), frameworks != null);
        return frameworks.stream().filter(f -> name.equals(f.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no framework " + name + " in " + enumerate));
    }

    /** One line: Marathon's events so far, its tasks of the app now, their processes, and DNS' enumeration. */
    private String diagnosis() {
        StringBuilder out = new StringBuilder("events: ");
        synchronized (HISTORY) {
            out.append(HISTORY);
        }
        try {
            out.append(" | now +").append(history == null ? "?" : millis(System.nanoTime() - history.openedNanos)).append("ms");
            out.append(" | tasks: ").append(tasks().stream().map(t -> t.get("id") + " " + t.get("state") + " " + t.get("ports")
                    + " staged " + t.get("stagedAt") + " started " + t.get("startedAt") + " version " + t.get("version")).toList());
            byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
            out.append(" | processes: ").append(ProcessHandle.allProcesses().filter(p -> environContains(p.pid(), marker))
                    .map(p -> p.pid() + " " + p.info().startInstant().orElse(null) + " " + p.info().command().orElse("?") + " "
                            + taskIdOf(p.pid())).toList());
            // a short wait: a diagnosis must not hold up the failure it explains
            out.append(" | enumerate: ").append(new Http(dnsHttpPort()).awaitOk("/v1/enumerate", Duration.ofSeconds(5)).body()
                    .replaceAll("\\s+", ""));
        } catch (Exception | AssertionError e) {
            out.append(" | (").append(e).append(')');
        }
        return out.toString();
    }

    private HttpResponse<String> marathon(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json");
        request.method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String taskIdOf(long pid) {
        try {
            return Arrays.stream(Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.ISO_8859_1)
                    .split("\0")).filter(v -> v.startsWith("MESOS_TASK_ID=")).findFirst().orElse("-");
        } catch (IOException | RuntimeException gone) {
            return "gone";
        }
    }

    private static boolean environContains(long pid, byte[] needle) {
        byte[] environ;
        try {
            environ = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"));
        } catch (IOException | RuntimeException gone) {
            return false;
        }
        outer:
        for (int i = 0; i <= environ.length - needle.length; i++) {
            if (i > 0 && environ[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (environ[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ DNS clients

    /** One resource record in presentation form, name lower case and absolute. */
    record Rr(String name, String type, String data) {
    }

    /** A DNS response, reduced to what the tests compare. */
    record Reply(String rcode, boolean authoritative, boolean truncated, List<Rr> answer, List<Rr> authority,
                 List<Rr> additional) {

        /** The ports of the SRV records of the answer. */
        Set<Integer> srvPorts() {
            return answer.stream().filter(rr -> rr.type().equals("SRV"))
                    .map(rr -> Integer.parseInt(rr.data().split(" ")[2])).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /**
     * dnsjava, used only in this class of its own so that the test class links before the container
     * has the dnsjava bundle (it comes with the role's features; the probe imports it dynamically).
     */
    static final class Wire {

        private Wire() {
        }

        /** One query; over UDP with EDNS (1232 bytes, as dig) and without falling back to TCP on truncation. */
        static Reply ask(int port, String name, String type, boolean tcp) throws IOException {
            SimpleResolver resolver = new SimpleResolver(InetAddress.getLoopbackAddress());
            resolver.setPort(port);
            resolver.setTCP(tcp);
            resolver.setIgnoreTruncation(true);
            resolver.setEDNS(0, 1232, 0, List.of());
            resolver.setTimeout(Duration.ofSeconds(1));
            Message query = Message.newQuery(Record.newRecord(
                    Name.fromString(name), Type.value(type), DClass.IN));
            Message response = resolver.send(query);
            Header header = response.getHeader();
            return new Reply(Rcode.string(response.getRcode()), header.getFlag(Flags.AA),
                    header.getFlag(Flags.TC), section(response, Section.ANSWER),
                    section(response, Section.AUTHORITY), section(response, Section.ADDITIONAL));
        }

        private static List<Rr> section(Message message, int section) {
            return message.getSection(section).stream().filter(r -> r.getType() != Type.OPT)
                    .map(r -> new Rr(r.getName().toString().toLowerCase(Locale.ROOT),
                            Type.string(r.getType()), r.rdataToString().toLowerCase(Locale.ROOT)))
                    .toList();
        }
    }

    /** The real dig binary (package dnsutils). */
    static final class Dig {

        private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");

        private Dig() {
        }

        /** {@code dig +short}: the answer's data, one line per record, sorted. */
        static List<String> shortAnswer(int port, String name, String type, boolean tcp) throws Exception {
            String out = run(port, name, type, tcp, "+short");
            List<String> lines = new ArrayList<>(Arrays.stream(out.split("\n")).map(String::strip)
                    .filter(l -> !l.isEmpty()).toList());
            Collections.sort(lines);
            return lines;
        }

        /** dig's whole output, header and sections. */
        static String full(int port, String name, String type, boolean tcp) throws Exception {
            return run(port, name, type, tcp);
        }

        static String status(String output) {
            Matcher matcher = STATUS.matcher(output);
            return matcher.find() ? matcher.group(1) : "no status in: " + output;
        }

        private static String run(int port, String name, String type, boolean tcp, String... extra) throws Exception {
            List<String> command = new ArrayList<>(List.of("dig", "-r", "@127.0.0.1", "-p", Integer.toString(port),
                    "+tries=1", "+time=3", tcp ? "+tcp" : "+notcp"));
            command.addAll(List.of(extra));
            command.addAll(List.of(name, type));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(String.join(" ", command) + " did not end", process.waitFor(10, TimeUnit.SECONDS));
            assertEquals(String.join(" ", command) + ":\n" + out, 0, process.exitValue());
            return out;
        }
    }
}

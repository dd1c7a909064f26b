package io.plinth.itests.mesos;

import static io.plinth.itests.mesos.MesosClusterSupport.BOOT;
import static io.plinth.itests.mesos.MesosClusterSupport.millisSince;
import static io.plinth.itests.mesos.MesosClusterSupport.parallel;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.itests.cluster.PlinthCluster;
import io.plinth.itests.cluster.PlinthCluster.NodeSpec;
import io.plinth.itests.cluster.PlinthNode;
import io.plinth.itests.support.Await;
import io.plinth.itests.support.Json;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;

/**
 * Acceptance of the Mesos v1 scheduler HTTP API: existing Mesos v1 clients work unchanged, in JSON
 * and in protobuf alike, and their tasks survive a master failover.
 *
 * <p>Three {@code zookeeper,master} nodes (a three-member embedded ensemble) and one {@code agent}
 * node hosting ten simulated agents. A standby master answers the scheduler API, the operator API
 * and {@code /master/state} with a 307 to the leader, {@code /master/redirect} with
 * {@code Location: //ip:port}. Two frameworks run the same scenario side by side, one in JSON
 * (partition-aware, starting at the standby and following its redirect) and one in protobuf with
 * the official Mesos 1.11 classes (not partition-aware): subscribe with the leader; an ACCEPT of an
 * unknown offer is answered by TASK_DROPPED (partition-aware) or TASK_LOST, reason
 * REASON_INVALID_OFFERS; offers arrive from the ten agents; 100 tasks each reach TASK_RUNNING and
 * are acknowledged; ten are killed (TASK_KILLED).
 * Then the leading master stops gracefully; both frameworks find the new leader through
 * {@code /master/redirect}, re-subscribe with their framework id, and implicit reconciliation
 * reports the 90 live tasks of each as TASK_RUNNING (once the agents re-registered) and never a
 * killed one; explicit reconciliation answers each killed one with a state that is not running and
 * meant for the framework's capability. Timings are printed as {@code [mesos]} lines.
 */
public class SchedulerApiIT {

    private static final int SESSION_TIMEOUT_MS = 6000;
    private static final int AGENTS = 10;
    private static final int TASKS_PER_AGENT = 10;
    private static final double TASK_CPUS = 0.1;
    private static final double TASK_MEM = 32;
    private static final Duration FAILOVER_TIMEOUT = Duration.ofHours(1);
    private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration UPDATES_TIMEOUT = Duration.ofSeconds(60);
    /** Refusing the rest of an accepted offer this long sends it to the other framework instead. */
    private static final double REFUSE_SECONDS = 3600;

    private static PlinthCluster cluster;
    private static List<PlinthNode> masters;
    private static final List<MesosHttpFramework> frameworks = new ArrayList<>();

    @Rule
    public final TestWatcher logs = MesosClusterSupport.logsOnFailure(() -> cluster);

    @BeforeClass
    public static void startCluster() throws Exception {
        Map<String, String> masterEnv = Map.of(
                "PLINTH_ZK_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT_MS),
                // generous: on two loaded cores no agent may be given up for lost during the failover
                "PLINTH_AGENT_REREGISTER_TIMEOUT_SECONDS", "120");
        Map<String, String> agentEnv = Map.of(
                "PLINTH_ZK_SESSION_TIMEOUT_MS", String.valueOf(SESSION_TIMEOUT_MS),
                "PLINTH_SIMULATED_AGENTS", String.valueOf(AGENTS),
                // the node hosts simulated agents only: its own agent waits for a containerizer that never comes
                "PLINTH_CONTAINERIZER", "(plinth.containerizer=none)");
        cluster = PlinthCluster.create(MesosClusterSupport.distribution(), MesosClusterSupport.workDirectory("mesos-scheduler-"),
                List.of(NodeSpec.member("zookeeper,resource-manager", masterEnv),
                        NodeSpec.member("zookeeper,resource-manager", masterEnv),
                        NodeSpec.member("zookeeper,resource-manager", masterEnv), NodeSpec.client("agent", agentEnv)));
        masters = cluster.nodes().subList(0, 3);
        long start = System.nanoTime();
        cluster.start();
        try {
            for (PlinthNode node : cluster.nodes()) {
                node.awaitReady(BOOT);
            }
        } catch (AssertionError e) {
            MesosClusterSupport.printLogs(cluster);
            throw e;
        }
        System.out.printf("[mesos] 3 masters + 1 agent node (%d simulated agents) answer /ping after %d ms%n",
                AGENTS, millisSince(start));
    }

    @AfterClass
    public static void stopCluster() {
        frameworks.forEach(MesosHttpFramework::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    public void jsonAndProtobufFrameworksKeepTheirTasksAcrossMasterFailover() throws Exception {
        long start = System.nanoTime();
        URI leader = MesosClusterSupport.awaitLeader(cluster, masters, null, BOOT);
        assertEquals("/system/v1/leader/mesos agrees with /master/redirect", leader.getRawAuthority(),
                Json.object(cluster.byAddress(leader.getRawAuthority()).http().awaitOk("/system/v1/leader/mesos", BOOT).body())
                        .get("leader"));
        JsonNode state = MesosClusterSupport.awaitActiveAgents(leader, AGENTS, BOOT);
        Set<String> agentIds = StreamSupport.stream(state.path("slaves").spliterator(), false)
                .map(slave -> slave.path("id").asText()).collect(Collectors.toCollection(TreeSet::new));
        assertEquals("distinct agent ids " + agentIds, AGENTS, agentIds.size());
        System.out.printf("[mesos] leader %s with %d active agents after %d ms%n", leader, AGENTS, millisSince(start));

        URI standby = masters.stream().map(MesosClusterSupport::base).filter(base -> !base.equals(leader)).findFirst().orElseThrow();
        assertRedirectsToLeader(standby, leader);

        // the JSON framework starts at a standby and follows its redirect, the protobuf one goes to the leader
        MesosHttpFramework json = framework(MesosHttpFramework.json("itest-json", true, FAILOVER_TIMEOUT));
        MesosHttpFramework protobuf = framework(MesosHttpFramework.protobuf("itest-protobuf", false, FAILOVER_TIMEOUT));
        List<Launched> launched = parallel(() -> launchAndKill(json, standby, leader, agentIds),
                () -> launchAndKill(protobuf, leader, leader, agentIds));
        assertNotEquals("two frameworks, two ids", json.frameworkId(), protobuf.frameworkId());
        awaitMasterTasks(leader, launched, "before the failover");

        PlinthNode oldLeader = cluster.byAddress(leader.getRawAuthority());
        long stopAt = System.nanoTime();
        oldLeader.stop(Duration.ofSeconds(60));
        long stopped = System.nanoTime();
        URI newLeader = MesosClusterSupport.awaitLeader(cluster, masters, leader, Duration.ofSeconds(60));
        System.out.printf("[mesos] graceful stop of leader %s took %d ms; new leader %s named by /master/redirect %d ms after it exited%n",
                leader, (stopped - stopAt) / 1_000_000, newLeader, millisSince(stopped));

        List<Long> recovered = parallel(() -> resubscribeAndReconcile(launched.get(0), newLeader, stopped),
                () -> resubscribeAndReconcile(launched.get(1), newLeader, stopped),
                () -> {
                    MesosClusterSupport.awaitActiveAgents(newLeader, AGENTS, Duration.ofSeconds(150));
                    return millisSince(stopped);
                });
        awaitMasterTasks(newLeader, launched, "after the failover");
        System.out.printf("[mesos] failover: %d agents active on the new leader %d ms after the old leader exited; all %d live "
                        + "tasks reported TASK_RUNNING by reconciliation after %d ms (json) / %d ms (protobuf); whole test %d ms%n",
                AGENTS, recovered.get(2), AGENTS * TASKS_PER_AGENT - AGENTS, recovered.get(0), recovered.get(1), millisSince(start));
    }

    /**
     * A standby master answers the scheduler API, the operator API and {@code /master/state} with
     * 307 and a Location naming the leader, and does not act on the request itself.
     */
    private static void assertRedirectsToLeader(URI standby, URI leader) throws Exception {
        JsonSchedulerCodec json = new JsonSchedulerCodec();
        Map<String, String> headers = Map.of("Content-Type", MesosHttp.JSON, "Accept", MesosHttp.JSON);
        Map<String, MesosHttp.Reply> replies = new LinkedHashMap<>();
        replies.put(MesosHttpFramework.SCHEDULER_PATH, MesosHttp.post(standby.resolve(MesosHttpFramework.SCHEDULER_PATH),
                json.subscribe("itest-redirected", "nobody", null, 60, false), headers));
        replies.put(MesosOperator.OPERATOR_PATH, MesosHttp.post(standby.resolve(MesosOperator.OPERATOR_PATH),
                MesosHttp.utf8("{\"type\":\"GET_STATE\"}"), headers));
        replies.put("/master/state", MesosHttp.get(standby.resolve("/master/state")));
        replies.forEach((path, reply) -> {
            assertEquals(path + " on standby " + standby + ": " + reply, 307, reply.status());
            URI target = MesosHttp.resolveLocation(standby.resolve(path),
                    reply.header("Location").orElseThrow(() -> new AssertionError(path + ": 307 without Location")));
            assertEquals(path + " redirects to the leader", leader.getRawAuthority(), target.getRawAuthority());
        });
        MesosHttp.Reply redirect = MesosHttp.get(standby.resolve("/master/redirect"));
        assertEquals("/master/redirect on standby " + standby + ": " + redirect, 307, redirect.status());
        assertEquals("Mesos' scheme-relative Location", "//" + leader.getRawAuthority(), redirect.header("Location").orElse(""));
        JsonNode frameworks = new MesosOperator(leader).json("/master/frameworks").path("frameworks");
        assertEquals("the redirected SUBSCRIBE subscribed nothing: " + frameworks, 0, frameworks.size());
    }

    /** What one framework launched: task id to agent id, and which tasks it killed. */
    private record Launched(MesosHttpFramework framework, Map<String, String> tasks, Set<String> killed) {

        Map<String, String> live() {
            Map<String, String> live = new TreeMap<>(tasks);
            live.keySet().removeAll(killed);
            return live;
        }
    }

    private Launched launchAndKill(MesosHttpFramework framework, URI master, URI leader, Set<String> agentIds) {
        String name = framework.name();
        long start = System.nanoTime();
        String frameworkId = framework.subscribe(master, Duration.ofSeconds(60));
        long subscribedMs = millisSince(start);
        assertEquals(name + " subscribed with the leader", leader.resolve(MesosHttpFramework.SCHEDULER_PATH), framework.endpoint());
        assertTrue(name + " heartbeat interval " + framework.heartbeatSeconds(),
                framework.heartbeatSeconds() != null && framework.heartbeatSeconds() > 0);

        SchedulerEvent.Offer first = framework.nextOffer("the first offer", OFFER_TIMEOUT);
        long firstOfferMs = millisSince(start);
        rejectsUnknownOffer(framework, first);

        // ten tasks on each agent, one ACCEPT per agent; every offer must come from a registered agent
        Map<String, String> tasks = new LinkedHashMap<>();
        Set<String> usedAgents = new TreeSet<>();
        SchedulerEvent.Offer offer = first;
        while (true) {
            assertTrue(name + ": offer from unknown agent " + offer.agentId(), agentIds.contains(offer.agentId()));
            assertTrue(name + ": offer without hostname " + offer, !offer.hostname().isEmpty());
            boolean fits = offer.cpus() + 1e-9 >= TASKS_PER_AGENT * TASK_CPUS && offer.mem() + 1e-9 >= TASKS_PER_AGENT * TASK_MEM;
            if (!usedAgents.contains(offer.agentId()) && fits) {
                int agentIndex = usedAgents.size();
                List<SchedulerEvent.TaskSpec> specs = new ArrayList<>();
                for (int i = 0; i < TASKS_PER_AGENT; i++) {
                    String taskId = String.format("%s-a%02d-t%02d", name, agentIndex, i);
                    specs.add(new SchedulerEvent.TaskSpec(taskId, taskId, TASK_CPUS, TASK_MEM, "sleep 1000"));
                    tasks.put(taskId, offer.agentId());
                }
                framework.launch(offer, specs, REFUSE_SECONDS);
                usedAgents.add(offer.agentId());
            } else {
                framework.decline(offer, REFUSE_SECONDS);
            }
            if (usedAgents.size() == AGENTS) {
                break;
            }
            offer = framework.nextOffer("offers from " + AGENTS + " distinct agents (have " + usedAgents.size() + ")", OFFER_TIMEOUT);
        }
        long offersMs = millisSince(start);
        assertEquals(name + " launched on every agent", agentIds, usedAgents);

        awaitStates(framework, tasks.keySet(), "TASK_RUNNING");
        long runningMs = millisSince(start);
        Await.until(name + ": every TASK_RUNNING acknowledged with 202", UPDATES_TIMEOUT,
                () -> tasks.keySet().stream().allMatch(id -> framework.acknowledged(id, "TASK_RUNNING")));

        // kill the first task on each agent
        Set<String> killed = tasks.keySet().stream().filter(id -> id.endsWith("-t00")).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(AGENTS, killed.size());
        long killAt = System.nanoTime();
        for (String taskId : killed) {
            framework.kill(taskId, tasks.get(taskId));
        }
        awaitStates(framework, killed, "TASK_KILLED");
        long killMs = millisSince(killAt);
        Await.until(name + ": every TASK_KILLED acknowledged with 202", UPDATES_TIMEOUT,
                () -> killed.stream().allMatch(id -> framework.acknowledged(id, "TASK_KILLED")));
        assertEquals(name + " acknowledgements refused", List.of(), framework.ackFailures());
        Set<String> stillRunning = framework.latest().values().stream()
                .filter(update -> update.state().equals("TASK_RUNNING")).map(SchedulerEvent.Update::taskId)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> expectedRunning = new TreeSet<>(tasks.keySet());
        expectedRunning.removeAll(killed);
        assertEquals(name + ": only the killed tasks left TASK_RUNNING", expectedRunning, stillRunning);

        System.out.printf("[mesos] %s (%s) framework %s: SUBSCRIBED %d ms, first offer %d ms, offers from %d agents "
                        + "accepted %d ms, %d tasks TASK_RUNNING %d ms, %d kills TASK_KILLED in %d ms%n",
                name, framework.mediaType(), frameworkId, subscribedMs, firstOfferMs, AGENTS, offersMs, tasks.size(), runningMs,
                killed.size(), killMs);
        return new Launched(framework, tasks, killed);
    }

    /**
     * ACCEPT of an offer id the master never made: 202, then a master-generated update for the task,
     * TASK_DROPPED for a partition-aware framework and TASK_LOST otherwise, reason
     * REASON_INVALID_OFFERS. The framework's real offer stays usable (it is launched on next).
     */
    private static void rejectsUnknownOffer(MesosHttpFramework framework, SchedulerEvent.Offer real) {
        String taskId = framework.name() + "-unknown-offer";
        long before = System.nanoTime();
        framework.accepted("ACCEPT of an unknown offer", framework.codec().accept(framework.frameworkId(),
                List.of(framework.name() + "-no-such-offer"), real.agentId(), real.source(),
                List.of(new SchedulerEvent.TaskSpec(taskId, taskId, TASK_CPUS, TASK_MEM, "sleep 1000")), 0));
        SchedulerEvent.Update update = framework.awaitUpdate("the update of " + taskId, UPDATES_TIMEOUT, before,
                candidate -> candidate.taskId().equals(taskId));
        assertEquals(framework.name() + ": " + update, framework.partitionAware() ? "TASK_DROPPED" : "TASK_LOST", update.state());
        assertEquals(framework.name() + ": " + update, "REASON_INVALID_OFFERS", update.reason());
    }

    /** Waits until the latest update of each task is {@code state}. */
    private static void awaitStates(MesosHttpFramework framework, Set<String> taskIds, String state) {
        try {
            Await.until(framework.name() + ": " + taskIds.size() + " tasks " + state, UPDATES_TIMEOUT, () -> {
                Map<String, SchedulerEvent.Update> latest = framework.latest();
                return taskIds.stream().allMatch(id -> latest.containsKey(id) && latest.get(id).state().equals(state));
            });
        } catch (AssertionError e) {
            Map<String, SchedulerEvent.Update> latest = framework.latest();
            Map<String, Long> states = taskIds.stream().collect(Collectors.groupingBy(
                    id -> latest.containsKey(id) ? latest.get(id).state() : "no update", TreeMap::new, Collectors.counting()));
            throw new AssertionError(e.getMessage() + "; latest states " + states + "; stream " + framework.streamState()
                    + "; recent events " + framework.recentEvents(3), e);
        }
    }

    /**
     * Re-subscribes with the same framework id on the new leader, then reconciles implicitly (again
     * every two seconds, as agents re-register) until every live task was reported TASK_RUNNING.
     * No killed task, and no task the framework never launched, may be reported running. The killed
     * ones, reconciled explicitly, must each get an answer that is not a live state.
     *
     * @return milliseconds from the old leader's exit until the last live task was reported
     */
    private long resubscribeAndReconcile(Launched launched, URI newLeader, long leaderExitedNanos) {
        MesosHttpFramework framework = launched.framework();
        String name = framework.name();
        String frameworkId = framework.frameworkId();
        long start = System.nanoTime();
        assertEquals(name + " keeps its framework id", frameworkId, framework.subscribe(newLeader, Duration.ofSeconds(90)));
        assertEquals(name + " subscribed where the redirect pointed", newLeader.resolve(MesosHttpFramework.SCHEDULER_PATH),
                framework.endpoint());
        long subscribedMs = millisSince(start);

        Map<String, String> live = launched.live();
        long since = System.nanoTime();
        long[] lastReconcile = {0};
        try {
            Await.until(name + ": implicit reconciliation reports " + live.size() + " tasks TASK_RUNNING", Duration.ofSeconds(150), () -> {
                if (System.nanoTime() - lastReconcile[0] > 2_000_000_000L) {
                    lastReconcile[0] = System.nanoTime();
                    framework.reconcile(Map.of());
                }
                return reportedRunning(framework, since).containsAll(live.keySet());
            });
        } catch (AssertionError e) {
            Set<String> missing = new TreeSet<>(live.keySet());
            missing.removeAll(reportedRunning(framework, since));
            long withoutReason = framework.updates().stream().filter(update -> update.receivedNanos() >= since
                    && update.state().equals("TASK_RUNNING") && !"REASON_RECONCILIATION".equals(update.reason())).count();
            throw new AssertionError(e.getMessage() + "; never reported running: " + missing.size() + " " + missing
                    + "; TASK_RUNNING updates without REASON_RECONCILIATION: " + withoutReason
                    + "; stream " + framework.streamState() + "; recent events " + framework.recentEvents(5), e);
        }
        List<String> acknowledgeable = framework.updates().stream()
                .filter(update -> update.receivedNanos() >= since && "REASON_RECONCILIATION".equals(update.reason())
                        && update.uuid() != null)
                .map(SchedulerEvent.Update::toString).limit(3).collect(Collectors.toList());
        assertEquals(name + ": reconciliation answers carry no uuid (they are not acknowledged)", List.of(), acknowledgeable);
        long reconciledMs = millisSince(leaderExitedNanos);
        Set<String> running = reportedRunning(framework, since);
        Set<String> killedRunning = new TreeSet<>(running);
        killedRunning.retainAll(launched.killed());
        assertEquals(name + ": killed tasks reported running after the failover", Set.of(), killedRunning);
        Set<String> unknown = new TreeSet<>(running);
        unknown.removeAll(launched.tasks().keySet());
        assertEquals(name + ": tasks the framework never launched reported running", Set.of(), unknown);

        Map<String, String> killed = new TreeMap<>();
        launched.killed().forEach(id -> killed.put(id, launched.tasks().get(id)));
        long explicitSince = System.nanoTime();
        long[] lastExplicit = {0};
        Map<String, SchedulerEvent.Update> answers = Await.until(name + ": explicit reconciliation answers for the killed tasks",
                Duration.ofSeconds(60), () -> {
                    if (System.nanoTime() - lastExplicit[0] > 2_000_000_000L) {
                        lastExplicit[0] = System.nanoTime();
                        framework.reconcile(killed);
                    }
                    Map<String, SchedulerEvent.Update> latest = new TreeMap<>();
                    framework.updates().stream()
                            .filter(update -> update.receivedNanos() >= explicitSince && killed.containsKey(update.taskId()))
                            .forEach(update -> latest.put(update.taskId(), update));
                    return latest.keySet().containsAll(killed.keySet()) ? latest : null;
                });
        // a killed task is no longer known as running: a terminal state, or the master no longer
        // knowing it; TASK_LOST only for frameworks that are not partition-aware, the newer states
        // only for those that are (mesos.proto, TaskState)
        Set<String> allowed = framework.partitionAware()
                ? Set.of("TASK_KILLED", "TASK_GONE", "TASK_UNKNOWN")
                : Set.of("TASK_KILLED", "TASK_LOST");
        answers.forEach((taskId, update) -> {
            assertTrue(name + ": killed task reconciled as " + update, allowed.contains(update.state()));
            assertEquals(name + ": " + update, "REASON_RECONCILIATION", update.reason());
            assertEquals(name + ": a reconciliation answer is not to be acknowledged: " + update, null, update.uuid());
        });
        assertOnlyStatesFor(framework);
        System.out.printf("[mesos] %s re-SUBSCRIBED on %s in %d ms; %d live tasks TASK_RUNNING by implicit reconciliation "
                        + "%d ms after the old leader exited; killed tasks reconcile as %s%n",
                name, newLeader, subscribedMs, live.size(), reconciledMs,
                answers.values().stream().map(SchedulerEvent.Update::state).collect(Collectors.toCollection(TreeSet::new)));
        return reconciledMs;
    }

    /** Tasks reported TASK_RUNNING by reconciliation (reason REASON_RECONCILIATION) since {@code sinceNanos}. */
    private static Set<String> reportedRunning(MesosHttpFramework framework, long sinceNanos) {
        return framework.updates().stream()
                .filter(update -> update.receivedNanos() >= sinceNanos && update.state().equals("TASK_RUNNING")
                        && "REASON_RECONCILIATION".equals(update.reason()))
                .map(SchedulerEvent.Update::taskId)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * TASK_LOST goes only to frameworks that are not partition-aware; TASK_DROPPED, TASK_UNREACHABLE,
     * TASK_GONE, TASK_GONE_BY_OPERATOR and TASK_UNKNOWN only to those that are (mesos.proto, TaskState).
     */
    private static void assertOnlyStatesFor(MesosHttpFramework framework) {
        Set<String> partitionAwareOnly = Set.of("TASK_DROPPED", "TASK_UNREACHABLE", "TASK_GONE", "TASK_GONE_BY_OPERATOR",
                "TASK_UNKNOWN");
        List<String> wrong = framework.updates().stream()
                .filter(update -> framework.partitionAware()
                        ? update.state().equals("TASK_LOST")
                        : partitionAwareOnly.contains(update.state()))
                .map(SchedulerEvent.Update::toString)
                .collect(Collectors.toList());
        assertEquals(framework.name() + (framework.partitionAware() ? " (partition-aware)" : " (not partition-aware)")
                + " got updates in states not meant for it", List.of(), wrong);
    }

    /**
     * {@code /master/state} of {@code master} lists each framework active with exactly its live
     * tasks TASK_RUNNING, and the killed ones are not among its tasks.
     */
    private static void awaitMasterTasks(URI master, List<Launched> launched, String when) {
        MesosOperator operator = new MesosOperator(master);
        Await.until("/master/state of " + master + " shows the live tasks " + when, Duration.ofSeconds(60), () -> {
            JsonNode state = operator.json("/master/state");
            for (Launched each : launched) {
                JsonNode framework = null;
                for (JsonNode candidate : state.path("frameworks")) {
                    if (candidate.path("id").asText().equals(each.framework().frameworkId())) {
                        framework = candidate;
                    }
                }
                assertTrue(each.framework().name() + " in /master/state " + when, framework != null);
                assertTrue(each.framework().name() + " active " + when, framework.path("active").asBoolean());
                Map<String, String> states = new TreeMap<>();
                for (JsonNode task : framework.path("tasks")) {
                    states.put(task.path("id").asText(), task.path("state").asText());
                }
                Map<String, String> expected = new TreeMap<>();
                each.live().keySet().forEach(id -> expected.put(id, "TASK_RUNNING"));
                assertEquals(each.framework().name() + " tasks in /master/state " + when, expected, states);
            }
            return true;
        });
    }

    private static MesosHttpFramework framework(MesosHttpFramework framework) {
        frameworks.add(framework);
        return framework;
    }
}

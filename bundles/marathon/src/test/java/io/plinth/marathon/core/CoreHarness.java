package io.plinth.marathon.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.marathon.api.MarathonEvent;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.match.OfferMatcher;
import io.plinth.marathon.match.constraints.BuiltInOperators;
import io.plinth.marathon.model.AppParser;
import io.plinth.marathon.model.GroupParser;
import io.plinth.marathon.model.ServicePorts;
import io.plinth.mesos.api.resources.Resources;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos;

/**
 * One leader's {@link SchedulerCore}, wired as {@code MarathonLeader} wires it, with a recording
 * {@link Effects}, a {@link TestClock} and an {@link InMemoryMarathonStore}; plus the master's side:
 * offers (built as {@code MatchFixtures} builds them) and status updates. Drive it as the scheduler
 * thread does: inputs, then {@link #flush()}.
 */
public final class CoreHarness {

    static final String ROLE = "slave_public";
    static final String AGENT_RESOURCES = "cpus:8;mem:16384;disk:100000;ports:[31000-31999]";

    final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    final TestClock clock;
    final InMemoryMarathonStore store;
    final RecordingEffects effects = new RecordingEffects();
    final List<MarathonEvent> events = new ArrayList<>();
    final SchedulerCore core;
    /** Agent of every task launched (the master answers statuses with it). */
    private final Map<String, String> agentOf = new HashMap<>();
    private final AtomicLong offerIds;
    private final AtomicLong taskUuids;
    private final AtomicLong deploymentUuids;

    CoreHarness() {
        this(new TestClock(Instant.parse("2026-01-01T00:00:00Z")), new InMemoryMarathonStore(), new AtomicLong(),
                new AtomicLong(1), new AtomicLong(1_000_000));
    }

    /** Counters are shared with later leaders: ids stay unique across leaders, as random UUIDs are. */
    private CoreHarness(TestClock clock, InMemoryMarathonStore store, AtomicLong offerIds, AtomicLong taskUuids,
                        AtomicLong deploymentUuids) {
        this.clock = clock;
        this.store = store;
        this.offerIds = offerIds;
        this.taskUuids = taskUuids;
        this.deploymentUuids = deploymentUuids;
        AppParser appParser = new AppParser(name -> BuiltInOperators.all().containsKey(name),
                (name, constraint) -> Optional.ofNullable(BuiltInOperators.all().get(name)).flatMap(op -> op.validate(
                        constraint.get(0), constraint.size() > 2 ? Optional.ofNullable(constraint.get(2)) : Optional.empty())));
        OfferMatcher matcher = new OfferMatcher(name -> Optional.ofNullable(BuiltInOperators.all().get(name)),
                List.of("*"), ROLE, counting(taskUuids));
        core = new SchedulerCore(clock, store, effects, matcher, appParser, new GroupParser(appParser),
                new ServicePorts(10000, 20000), counting(deploymentUuids), mapper, events::add, () -> true);
    }

    /** A core on {@code store} for tests of other packages, wired as here, recording its effects nowhere. */
    public static SchedulerCore coreOn(InMemoryMarathonStore store) {
        return new CoreHarness(new TestClock(Instant.parse("2026-01-01T00:00:00Z")), store, new AtomicLong(),
                new AtomicLong(1), new AtomicLong(1_000_000)).core;
    }

    /** A new leader: a fresh core on the same store and clock, recovered. */
    CoreHarness newLeader() {
        CoreHarness next = new CoreHarness(clock, store, offerIds, taskUuids, deploymentUuids);
        next.agentOf.putAll(agentOf);
        next.core.recover();
        return next;
    }

    private static Supplier<UUID> counting(AtomicLong next) {
        return () -> new UUID(0, next.getAndIncrement());
    }

    // ---------------------------------------------------------------- JSON

    /** JSON with single quotes for readability: {@code json("{'id':'/a'}")}. */
    JsonNode json(String singleQuoted) {
        try {
            return mapper.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small app: 0.1 cpus, 32 MB, one port; {@code extra} are more members, e.g. {@code "'backoffSeconds':5"}. */
    JsonNode app(String id, int instances, String... extra) {
        StringBuilder b = new StringBuilder("{'id':'" + id + "','cmd':'sleep 1000','instances':" + instances
                + ",'cpus':0.1,'mem':32,'portDefinitions':[{'port':0,'name':'http'}]");
        Arrays.stream(extra).forEach(e -> b.append(',').append(e));
        return json(b.append('}').toString());
    }

    /** The Marathon-side HTTP check of the health tests: no grace period, 3 failures in a row kill. */
    static String httpCheck() {
        return "'healthChecks':[{'protocol':'HTTP','path':'/health','portIndex':0,'gracePeriodSeconds':0,"
                + "'intervalSeconds':10,'timeoutSeconds':5,'maxConsecutiveFailures':3}]";
    }

    // ---------------------------------------------------------------- the master's side

    /** An offer of a whole agent {@code agent-<n>} (host {@code 10.0.0.<n>}), as the master builds it. */
    Protos.Offer offer(int agent) {
        return offer("offer-" + offerIds.incrementAndGet(), agent);
    }

    /** The offer {@code offerId} of a whole agent {@code agent-<n>}, for tests of other packages. */
    public static Protos.Offer offer(String offerId, int agent) {
        return Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(offerId))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("marathon"))
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-" + agent))
                .setHostname("10.0.0." + agent)
                .addAllResources(Resources.parse(AGENT_RESOURCES).toProto(ROLE, true))
                .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(ROLE))
                .build();
    }

    /** Offers of agents 1..n, handed to the core; returns the tasks they launched. */
    List<Protos.TaskInfo> offers(int agents) {
        int before = effects.launchedTasks().size();
        List<Protos.Offer> offers = new ArrayList<>();
        for (int i = 1; i <= agents; i++) {
            offers.add(offer(i));
        }
        core.offers(offers);
        List<Protos.TaskInfo> launched = new ArrayList<>(effects.launchedTasks());
        launched.subList(0, before).clear();
        launched.forEach(t -> agentOf.put(t.getTaskId().getValue(), t.getAgentId().getValue()));
        return List.copyOf(launched);
    }

    /** As {@link #offers(int)}, giving the ids of the tasks launched. */
    List<String> offersLaunch(int agents) {
        return offers(agents).stream().map(t -> t.getTaskId().getValue()).toList();
    }

    Protos.TaskStatus status(String taskId, Protos.TaskState state) {
        Protos.TaskStatus.Builder b = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setState(state)
                .setSource(Protos.TaskStatus.Source.SOURCE_EXECUTOR)
                .setUuid(com.google.protobuf.ByteString.copyFromUtf8(UUID.randomUUID().toString()));
        String agent = agentOf.get(taskId);
        if (agent != null) {
            b.setAgentId(Protos.AgentID.newBuilder().setValue(agent));
        }
        return b.build();
    }

    /** Status updates for the tasks, then the flush that follows a batch. */
    void updates(Protos.TaskState state, Collection<String> taskIds) {
        taskIds.forEach(id -> core.update(status(id, state)));
        core.flush();
    }

    void running(Collection<String> taskIds) {
        updates(Protos.TaskState.TASK_RUNNING, taskIds);
    }

    void killed(Collection<String> taskIds) {
        updates(Protos.TaskState.TASK_KILLED, taskIds);
    }

    void flush() {
        core.flush();
    }

    /**
     * The runtime's 1-second timer. Tests call it after an API write or a step change, where the
     * runtime would have ticked before the next offers arrive (see
     * {@code SchedulerCoreLaunchTest#offersRightAfterCreateLaunchWithoutWaitingForATick}).
     */
    void tick() {
        core.tick();
    }

    /** Creates the app, lets its deployment start, launches on one agent and reports all RUNNING. */
    List<String> createRunning(JsonNode app) {
        core.createApp(app, false);
        tick();
        List<String> launched = offersLaunch(1);
        running(launched);
        return launched;
    }

    // ---------------------------------------------------------------- reads

    List<String> taskIds(String appId) {
        return core.tasks(appId).stream().map(MarathonTask::id).toList();
    }

    List<MarathonEvent> events(String type) {
        return events.stream().filter(e -> e.eventType().equals(type)).toList();
    }

    JsonNode eventJson(MarathonEvent event) {
        try {
            return mapper.readTree(event.json());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> env(Protos.TaskInfo task) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Protos.Environment.Variable v : task.getCommand().getEnvironment().getVariablesList()) {
            env.put(v.getName(), v.getValue());
        }
        return env;
    }
}

package io.plinth.marathon.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.HealthCheckResult;
import io.plinth.marathon.api.Marathon.Created;
import io.plinth.marathon.api.Marathon.Killed;
import io.plinth.marathon.api.MarathonEvent;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.api.QueueItem;
import io.plinth.marathon.api.TaskCounts;
import io.plinth.marathon.api.TaskFailure;
import io.plinth.marathon.core.MarathonStore.ActionRecord;
import io.plinth.marathon.core.MarathonStore.DeploymentRecord;
import io.plinth.marathon.core.MarathonStore.GroupRecord;
import io.plinth.marathon.core.MarathonStore.InstanceRecord;
import io.plinth.marathon.core.MarathonStore.RootManifest;
import io.plinth.marathon.health.HealthReport;
import io.plinth.marathon.health.HealthTracker;
import io.plinth.marathon.match.Launch;
import io.plinth.marathon.match.MatchResult;
import io.plinth.marathon.match.OfferMatcher;
import io.plinth.marathon.match.OfferView;
import io.plinth.marathon.match.PendingLaunch;
import io.plinth.marathon.match.Placement;
import io.plinth.marathon.model.AppParser;
import io.plinth.marathon.model.GroupParser;
import io.plinth.marathon.model.Groups;
import io.plinth.marathon.model.Parsed;
import io.plinth.marathon.model.PathIds;
import io.plinth.marathon.model.ServicePorts;
import io.plinth.marathon.model.Violation;
import io.plinth.marathon.plan.DeploymentAction;
import io.plinth.marathon.plan.DeploymentPlan;
import io.plinth.marathon.plan.DeploymentPlanner;
import io.plinth.marathon.plan.DeploymentStep;
import io.plinth.marathon.plan.RestartMove;
import io.plinth.marathon.plan.RestartState;
import io.plinth.marathon.plan.RollingRestart;
import io.plinth.mesos.api.resources.Attributes;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The init scheduler's state machine: the tree of apps, their instances, running deployments and the
 * launch queue. Plain Java, confined to one thread (the caller's duty): every input — an API write,
 * offers, a status update, a health report, a tick — changes state and asks {@link Effects} for the
 * consequences.
 *
 * <p>Model: each app has an <em>effective spec</em> that the core keeps true ("converges" to): the
 * definition and instance count the current step of its deployment (or the last finished one) asks
 * for. Converging launches missing instances (through offers, behind the app's launch backoff) and
 * kills surplus ones; in a restart it replaces instances of an older config version at the pace of
 * {@link RollingRestart}. A deployment's step is done when each of its apps has converged (instances
 * ready: running and passing their health checks).
 *
 * <p>Durability: apps, versions, groups, deployments (with the step they are at) and instances
 * (written before their launch, deleted when they end) are in the {@link MarathonStore}. A new leader
 * {@link #recover() recovers} them, treats the instances as alive until reconciliation with the master
 * says otherwise, and so kills nothing merely because of the failover.
 */
public final class SchedulerCore {

    /** Offers declined while nothing waits come back after this long (or at the next revive). */
    static final double DECLINE_IDLE_SECONDS = 120;
    /** Offers declined while launches wait but do not fit come back soon. */
    static final double DECLINE_BUSY_SECONDS = 5;
    static final Duration REVIVE_INTERVAL = Duration.ofSeconds(10);
    /**
     * Revives at most this often (Marathon's {@code min_revive_offers_interval}): a revive has every
     * agent offered again, so a burst of changes shares one instead of each costing a round of offers.
     */
    static final Duration MIN_REVIVE_INTERVAL = Duration.ofSeconds(1);
    static final Duration RECONCILE_INTERVAL = Duration.ofSeconds(15);
    /** A kill with no terminal update after this long is sent again (a lost call, an agent that was away). */
    static final Duration KILL_RETRY_INTERVAL = Duration.ofSeconds(10);
    /**
     * A launch the master has said nothing of for this long is asked after (explicit reconciliation):
     * a lost ACCEPT leaves a task the master never knew, which it then reports lost, and the
     * instance is replaced; a slow one is confirmed. (Marathon's {@code task_launch_confirm_timeout}
     * kills such a task after 5 minutes instead.)
     */
    static final Duration LAUNCH_CONFIRM_TIMEOUT = Duration.ofSeconds(30);

    private static final Set<String> FAILURES = Set.of("TASK_FAILED", "TASK_FINISHED", "TASK_ERROR", "TASK_LOST",
            "TASK_DROPPED", "TASK_GONE", "TASK_UNREACHABLE", "TASK_UNKNOWN");

    private final Clock clock;
    private final MarathonStore store;
    private final Effects effects;
    private final OfferMatcher matcher;
    private final DeploymentPlanner planner = new DeploymentPlanner();
    private final RollingRestart rolling = new RollingRestart();
    private final AppParser appParser;
    private final GroupParser groupParser;
    private final ServicePorts servicePorts;
    private final Supplier<UUID> uuids;
    private final Events events;
    private final Versions versions;
    private final ObjectMapper mapper;
    private final Consumer<MarathonEvent> eventSink;
    /** API changes applied in memory and not yet durable; null outside {@link #openGroup()}. */
    private CommitGroup group;

    private Group root = new Group(Group.ROOT, List.of(), List.of(), List.of(), null);
    private final Map<String, AppRuntime> runtimes = new TreeMap<>();
    private final Map<String, Instance> instances = new HashMap<>();
    private final Map<String, Map<String, Instance>> byApp = new HashMap<>();
    private final List<RunningDeployment> deployments = new ArrayList<>();
    private final Map<String, TaskFailure> lastFailures = new HashMap<>();
    private final Map<String, Set<String>> knownAttributes = new HashMap<>();
    private final Map<String, Attributes> agentAttributes = new HashMap<>();
    /** Instances that ended since the last flush, still in the store. */
    private final List<String> endedTaskIds = new ArrayList<>();
    /**
     * Launches not yet confirmed by any status update, and when they were launched (or last asked
     * after); in the order of those times (entries are only added with the current time, never updated).
     */
    private final Map<String, Instant> unconfirmedLaunches = new LinkedHashMap<>();
    /** When the last kill of each killing instance was sent: kills not answered are sent again. */
    private final Map<String, Instant> killsSent = new HashMap<>();
    private String frameworkId;
    private boolean wantedOffers;
    private boolean dirty;
    private Instant lastRevive = Instant.EPOCH;
    /** Launches began to wait since the last offers: revive once {@link #MIN_REVIVE_INTERVAL} allows. */
    private boolean reviveDue;
    /** The apps whose launches waited when the last offers came: the rest of the agents were declined for them. */
    private Set<String> offeredFor = Set.of();
    private Instant lastReconcile = Instant.EPOCH;

    public SchedulerCore(Clock clock, MarathonStore store, Effects effects, OfferMatcher matcher, AppParser appParser,
                         GroupParser groupParser, ServicePorts servicePorts, Supplier<UUID> uuids, ObjectMapper mapper,
                         Consumer<MarathonEvent> eventSink, BooleanSupplier eventsWanted) {
        this.clock = clock;
        this.store = store;
        this.effects = effects;
        this.matcher = matcher;
        this.appParser = appParser;
        this.groupParser = groupParser;
        this.servicePorts = servicePorts;
        this.uuids = uuids;
        this.mapper = mapper;
        this.eventSink = eventSink;
        this.events = new Events(mapper, this::emit, eventsWanted);
        this.versions = new Versions(clock);
    }

    // ------------------------------------------------------------------ recovery and the framework

    /**
     * Loads the durable state (a new leader's first act): the newest root version is the tree;
     * deployments it does not hold (never committed, or superseded) are dropped.
     */
    public void recover() {
        Instant now = clock.instant();
        List<String> roots = store.rootVersions();
        if (!roots.isEmpty()) {
            RootManifest current = store.rootVersion(roots.get(0))
                    .orElseThrow(() -> new IllegalStateException("root version " + roots.get(0) + " vanished"));
            root = fromManifest(current);
            versions.notBefore(current.version());
        }
        Map<String, AppDefinition> apps = Groups.apps(root);
        frameworkId = store.frameworkId().orElse(null);
        for (InstanceRecord r : store.instances()) {
            AppDefinition app = apps.get(r.appId());
            int checks = app == null ? 0 : app.healthChecks().size();
            Instance instance = new Instance(r.taskId(), r.appId(), r.version(), r.configVersion(), r.agentId(), r.host(),
                    r.hostPorts(), r.servicePorts(), "TASK_STAGING", parse(r.stagedAt(), now), null, true, false,
                    emptyHealth(checks));
            put(instance);
        }
        for (AppDefinition app : apps.values()) {
            runtimes.put(app.id(), new AppRuntime(app, now));
        }
        for (DeploymentRecord record : store.deployments().stream()
                .sorted(Comparator.comparing(DeploymentRecord::version)).toList()) {
            if (!committed(record, apps)) {
                try {
                    store.deleteDeployment(record.id());
                } catch (RuntimeException e) {
                    // dropped again by the next leader
                }
                continue;
            }
            DeploymentPlan plan = rebuild(record);
            RunningDeployment running = new RunningDeployment(plan, record);
            deployments.add(running);
            // apps of steps already done and of the current one follow the target; later ones the original
            for (int s = 0; s < plan.steps().size(); s++) {
                for (DeploymentAction action : plan.steps().get(s).actions()) {
                    if (s <= record.currentStep()) {
                        apply(action, now);
                    } else if (record.originalVersions().get(action.appId()) != null) {
                        String v = record.originalVersions().get(action.appId());
                        store.appVersion(action.appId(), v).ifPresent(a -> runtime(a.id(), now).spec = a);
                    } else {
                        runtimes.remove(action.appId());
                    }
                }
            }
        }
        // instances of apps that are gone (deleted just before the failover) or not started yet are stopped
        for (String appId : byApp.keySet()) {
            runtimes.computeIfAbsent(appId, id -> new AppRuntime(null, now, id));
        }
        if (!instances.isEmpty()) {
            lastReconcile = Instant.EPOCH; // reconcile at the first subscription
        }
    }

    /** Whether the current tree is the deployment's target: written before its root version, it may not be. */
    private boolean committed(DeploymentRecord record, Map<String, AppDefinition> apps) {
        if (record.version().compareTo(root.version() == null ? "" : root.version()) > 0) {
            return false;
        }
        for (List<ActionRecord> step : record.steps()) {
            for (ActionRecord action : step) {
                AppDefinition app = apps.get(action.appId());
                boolean holds = action.action().equals("StopApplication") ? app == null
                        : app != null && app.version().equals(action.appVersion());
                if (!holds) {
                    return false;
                }
            }
        }
        return true;
    }

    private DeploymentPlan rebuild(DeploymentRecord record) {
        List<DeploymentStep> steps = new ArrayList<>();
        for (List<ActionRecord> step : record.steps()) {
            List<DeploymentAction> actions = new ArrayList<>();
            for (ActionRecord a : step) {
                AppDefinition app = store.appVersion(a.appId(), a.appVersion())
                        .orElseThrow(() -> new IllegalStateException("deployment " + record.id() + " names the missing version "
                                + a.appVersion() + " of " + a.appId()));
                actions.add(switch (a.action()) {
                    case "StartApplication" -> new DeploymentAction.StartApplication(app);
                    case "ScaleApplication" -> new DeploymentAction.ScaleApplication(app, a.scaleTo());
                    case "RestartApplication" -> new DeploymentAction.RestartApplication(app);
                    case "StopApplication" -> new DeploymentAction.StopApplication(app);
                    default -> throw new IllegalStateException("unknown action " + a.action());
                });
            }
            steps.add(new DeploymentStep(actions));
        }
        Group original = root;
        for (Map.Entry<String, String> e : record.originalVersions().entrySet()) {
            if (e.getValue() == null) {
                original = Groups.removeApps(original, List.of(e.getKey()));
            } else {
                Optional<AppDefinition> app = store.appVersion(e.getKey(), e.getValue());
                if (app.isPresent()) {
                    original = Groups.putApps(original, List.of(app.get()));
                }
            }
        }
        return new DeploymentPlan(record.id(), record.version(), original, root, steps);
    }

    /** The framework is subscribed (again): remember its id and reconcile every known instance. */
    public void subscribed(String id) {
        if (!id.equals(frameworkId)) {
            store.putFrameworkId(id);
            frameworkId = id;
        }
        reconcileAll();
        wantedOffers = false; // a new subscription gets fresh offers: revive when launches wait
        converge();
    }

    private void reconcileAll() {
        List<Call.Reconcile.Task> tasks = instances.values().stream().map(SchedulerCore::reconcileTask).toList();
        if (!tasks.isEmpty()) {
            effects.reconcile(tasks);
        }
        effects.reconcile(List.of()); // implicit: learns of tasks this scheduler does not know
        lastReconcile = clock.instant();
    }

    public Optional<String> frameworkId() {
        return Optional.ofNullable(frameworkId);
    }

    /**
     * Reconciles the launches the master has said nothing of for {@link #LAUNCH_CONFIRM_TIMEOUT}; again
     * after as long. Looks only at those: {@link #unconfirmedLaunches} is in the order of its times.
     */
    private void askAfterUnconfirmedLaunches(Instant now) {
        Instant before = now.minus(LAUNCH_CONFIRM_TIMEOUT);
        List<Call.Reconcile.Task> silent = new ArrayList<>();
        List<String> again = new ArrayList<>();
        for (var it = unconfirmedLaunches.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Instant> e = it.next();
            if (e.getValue().isAfter(before)) {
                break;
            }
            it.remove();
            Instance instance = instances.get(e.getKey());
            if (instance != null) {
                silent.add(reconcileTask(instance));
                again.add(e.getKey());
            }
        }
        again.forEach(taskId -> unconfirmedLaunches.put(taskId, now)); // to the end: the newest time
        if (!silent.isEmpty()) {
            effects.reconcile(silent);
        }
    }

    private static Call.Reconcile.Task reconcileTask(Instance i) {
        Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(i.taskId()));
        if (i.agentId() != null) {
            t.setAgentId(Protos.AgentID.newBuilder().setValue(i.agentId()));
        }
        return t.build();
    }

    public void offers(List<Offer> offers) {
        Instant now = clock.instant();
        List<OfferView> views = new ArrayList<>(offers.size());
        for (Offer offer : offers) {
            OfferView view = OfferView.of(offer);
            views.add(view);
            agentAttributes.put(view.agentId(), view.attributes());
        }
        List<PendingLaunch> pending = pending(now);
        offeredFor = pending.stream().map(p -> p.app().id()).collect(Collectors.toSet());
        if (pending.isEmpty()) {
            effects.decline(offers.stream().map(o -> o.getId().getValue()).toList(), DECLINE_IDLE_SECONDS);
            return;
        }
        List<Placement> placed = new ArrayList<>();
        // where an app's instances are matters to its constraints only
        Set<String> pendingApps = pending.stream().filter(p -> !p.app().constraints().isEmpty())
                .map(p -> p.app().id()).collect(Collectors.toSet());
        for (String appId : pendingApps) {
            for (Instance i : byApp.getOrDefault(appId, Map.of()).values()) {
                if (!i.killing()) {
                    placed.add(new Placement(appId, i.agentId(), i.host(),
                            agentAttributes.getOrDefault(i.agentId(), Attributes.empty())));
                }
            }
        }
        MatchResult result = matcher.match(views, pending, placed);
        if (!result.launches().isEmpty()) {
            List<InstanceRecord> records = new ArrayList<>();
            List<Instance> launched = new ArrayList<>();
            for (Launch launch : result.launches()) {
                AppDefinition app = launch.app();
                Instance instance = new Instance(launch.taskId(), app.id(), app.version(), configVersion(app),
                        launch.agentId(), launch.hostname(), launch.hostPorts(), app.ports(), "TASK_STAGING", now, null,
                        false, false, emptyHealth(app.healthChecks().size()));
                launched.add(instance);
                records.add(record(instance));
            }
            try {
                store.putInstances(records);
            } catch (RuntimeException e) {
                // nothing launched: the offers go back and the launches wait for the next ones
                effects.decline(offers.stream().map(o -> o.getId().getValue()).toList(), DECLINE_BUSY_SECONDS);
                throw e;
            }
            launched.forEach(this::put);
            launched.forEach(i -> unconfirmedLaunches.put(i.taskId(), now));
            Map<String, List<TaskInfo>> byOffer = new LinkedHashMap<>();
            for (Launch launch : result.launches()) {
                byOffer.computeIfAbsent(launch.offerId(), k -> new ArrayList<>()).add(launch.task());
                AppRuntime runtime = runtimes.get(launch.app().id());
                // the queue shrinks now, not at the next converge: a second batch of offers must not launch again
                runtime.toLaunch = Math.max(0, runtime.toLaunch - 1);
            }
            dirty = true;
            byOffer.forEach(effects::launch);
            for (Instance instance : launched) {
                events.statusUpdate(instance, "", now);
            }
        }
        if (!result.unusedOfferIds().isEmpty()) {
            effects.decline(result.unusedOfferIds(), DECLINE_BUSY_SECONDS);
        }
    }

    public void rescinded(String offerId) {
        // offers are used or declined as soon as they arrive: nothing is held
    }

    public void update(TaskStatus status) {
        Instant now = clock.instant();
        String taskId = status.getTaskId().getValue();
        String state = status.getState().name();
        Instance instance = instances.get(taskId);
        unconfirmedLaunches.remove(taskId);
        if (instance == null) {
            if (!terminal(status.getState())) {
                // a task this scheduler does not know (launched and forgotten, or wiped): it must not run
                effects.kill(taskId, status.hasAgentId() ? status.getAgentId().getValue() : null, Optional.empty());
            }
            effects.acknowledge(status);
            return;
        }
        if (terminal(status.getState())) {
            remove(instance);
            endedTaskIds.add(taskId); // deleted from the store at the next flush, with the rest of the batch
            Instance ended = instance.withState(state, instance.startedAt());
            events.statusUpdate(ended, status.getMessage(), now);
            AppRuntime runtime = runtimes.get(instance.appId());
            if (FAILURES.contains(state) && !instance.killing()) {
                lastFailures.put(instance.appId(), new TaskFailure(instance.appId(), instance.host(), status.getMessage(),
                        state, taskId, Versions.format(now), instance.version(), instance.agentId()));
                if (runtime != null && !state.equals("TASK_UNREACHABLE") && !state.equals("TASK_UNKNOWN")) {
                    runtime.backOff(now);
                }
            }
        } else {
            Instant started = instance.startedAt();
            if (status.getState() == TaskState.TASK_RUNNING && started == null) {
                started = now;
            }
            Instance changed = instance.withState(state, started);
            if (status.hasHealthy()) {
                changed = agentHealth(changed, status.getHealthy(), status.getMessage(), now);
            }
            put(changed);
            if (!Objects.equals(instance.state(), state)) {
                events.statusUpdate(changed, status.getMessage(), now);
                if (changed.running() && !instance.running()) {
                    AppDefinition app = appOf(changed);
                    if (app != null && app.healthChecks().stream().anyMatch(h -> !h.agentSide())) {
                        effects.watchHealth(taskId, changed.host(), changed.hostPorts(), app.healthChecks());
                    }
                }
            }
        }
        effects.acknowledge(status);
        dirty = true;
    }

    private Instance agentHealth(Instance instance, boolean healthy, String message, Instant now) {
        AppDefinition app = appOf(instance);
        if (app == null) {
            return instance;
        }
        for (int i = 0; i < app.healthChecks().size(); i++) {
            HealthCheck check = app.healthChecks().get(i);
            if (check.agentSide()) {
                return healthResult(instance, i, check, healthy, message, now);
            }
        }
        return instance;
    }

    public void health(HealthReport report) {
        Instance instance = instances.get(report.taskId());
        if (instance == null || !instance.running() || instance.killing()) {
            return;
        }
        AppDefinition app = appOf(instance);
        if (app == null || report.checkIndex() >= app.healthChecks().size()) {
            return;
        }
        HealthCheck check = app.healthChecks().get(report.checkIndex());
        Instance changed = healthResult(instance, report.checkIndex(), check, report.passed(), report.cause(), report.at());
        put(changed);
        HealthCheckResult result = changed.health().get(report.checkIndex());
        if (!check.agentSide() && HealthTracker.shouldKill(result, check)) {
            events.unhealthyTaskKill(changed, "Health check failed " + result.consecutiveFailures() + " times in a row: "
                    + result.lastFailureCause(), clock.instant());
            kill(changed);
        }
        dirty = true;
    }

    private Instance healthResult(Instance instance, int index, HealthCheck check, boolean passed, String cause, Instant at) {
        List<HealthCheckResult> health = new ArrayList<>(instance.health());
        while (health.size() <= index) {
            health.add(null);
        }
        HealthCheckResult previous = health.get(index) == null ? HealthTracker.initial(instance.taskId()) : health.get(index);
        Instant started = instance.startedAt() == null ? at : instance.startedAt();
        HealthCheckResult next = HealthTracker.apply(previous, check, passed, cause, at, started);
        health.set(index, next);
        Instance changed = instance.withHealth(health);
        boolean wasAlive = health.size() > index && instance.health().size() > index && instance.health().get(index) != null
                && instance.health().get(index).alive();
        if (next.alive() != wasAlive) {
            events.healthStatusChanged(changed, next.alive(), at);
        }
        if (!passed && next.consecutiveFailures() > previous.consecutiveFailures()) {
            events.failedHealthCheck(changed, check, at);
        }
        return changed;
    }

    /** Timers: backoffs that ended, revives, re-reconciliation of unconfirmed instances, deployments. */
    public void tick() {
        Instant now = clock.instant();
        List<Instance> unconfirmed = instances.values().stream().filter(Instance::recovered).toList();
        if (frameworkId != null && !unconfirmed.isEmpty() && Duration.between(lastReconcile, now).compareTo(RECONCILE_INTERVAL) >= 0) {
            reconcileAll();
        }
        if (wantedOffers && !pending(now).isEmpty() && Duration.between(lastRevive, now).compareTo(REVIVE_INTERVAL) >= 0) {
            revive(now);
        }
        askAfterUnconfirmedLaunches(now);
        Instant retryBefore = now.minus(KILL_RETRY_INTERVAL);
        List<Instance> unanswered = killsSent.entrySet().stream().filter(e -> !e.getValue().isAfter(retryBefore))
                .map(e -> instances.get(e.getKey())).filter(Objects::nonNull).toList();
        unanswered.forEach(this::sendKill);
        converge();
    }

    // ------------------------------------------------------------------ converging

    /**
     * Converges once after a batch of stream inputs ({@link #update}, {@link #health}): the caller
     * drains what arrived, then flushes, so a burst of thousands of updates costs one pass.
     */
    public void flush() {
        if (!endedTaskIds.isEmpty()) {
            try {
                store.deleteInstances(endedTaskIds);
            } catch (RuntimeException e) {
                // an instance record left behind is reconciled away by the next leader (TASK_UNKNOWN)
            }
            endedTaskIds.clear();
        }
        if (dirty) {
            dirty = false;
            converge();
        }
    }

    /** Brings every app towards its effective spec and advances deployments whose step is done. */
    private void converge() {
        converge(null);
    }

    /**
     * {@link #converge()}, looking first only at the apps {@code changed} (null: all), when nothing
     * else changed since the last pass; once a deployment moves to its next step, at every app.
     */
    private void converge(Set<String> changed) {
        Instant now = clock.instant();
        Collection<AppRuntime> first = changed == null ? new ArrayList<>(runtimes.values())
                : changed.stream().map(runtimes::get).filter(Objects::nonNull).toList();
        for (AppRuntime runtime : first) {
            convergeApp(runtime, now);
        }
        while (advanceDeployments(now)) { // a step just started acts now, not at the next input
            for (AppRuntime runtime : new ArrayList<>(runtimes.values())) {
                convergeApp(runtime, now);
            }
        }
        List<PendingLaunch> pending = pending(now);
        boolean wants = !pending.isEmpty();
        // launches that began to wait after the last offers: those offers' agents were declined for a while
        reviveDue = wants && (reviveDue || !wantedOffers
                || pending.stream().anyMatch(p -> !offeredFor.contains(p.app().id())));
        if (reviveDue && Duration.between(lastRevive, now).compareTo(MIN_REVIVE_INTERVAL) >= 0) {
            revive(now);
        }
        wantedOffers = wants;
    }

    private void revive(Instant now) {
        effects.revive();
        lastRevive = now;
        reviveDue = false;
    }

    private void convergeApp(AppRuntime runtime, Instant now) {
        Collection<Instance> all = byApp.getOrDefault(runtime.appId, Map.of()).values();
        List<Instance> active = all.stream().filter(i -> !i.killing()).toList();
        if (runtime.spec == null) {
            active.forEach(this::kill);
            if (all.isEmpty()) {
                runtimes.remove(runtime.appId);
            }
            return;
        }
        AppDefinition spec = runtime.spec;
        int checks = spec.healthChecks().size();
        if (runtime.restarting) {
            String config = configVersion(spec);
            List<Instance> old = active.stream().filter(i -> !config.equals(i.configVersion())).toList();
            List<Instance> fresh = active.stream().filter(i -> config.equals(i.configVersion())).toList();
            int oldReady = (int) old.stream().filter(i -> Views.ready(i, checks)).count();
            int newReady = (int) fresh.stream().filter(i -> Views.ready(i, checks)).count();
            RestartMove move = rolling.next(spec.upgradeStrategy(),
                    new RestartState(spec.instances(), old.size(), oldReady, fresh.size(), newReady));
            if (move.killOld() > 0) {
                victims(old, move.killOld(), spec, checks).forEach(this::kill);
            }
            runtime.toLaunch = move.launchNew();
            if (move.done()) {
                runtime.restarting = false;
            }
            if (!old.isEmpty() || move.killOld() > 0) {
                return;
            }
        }
        int missing = spec.instances() - active.size();
        runtime.toLaunch = Math.max(0, missing);
        if (missing < 0) {
            victims(active, -missing, spec, checks).forEach(this::kill);
        }
        if (runtime.toLaunch > 0 && runtime.waitingSince == null) {
            runtime.waitingSince = now;
        } else if (runtime.toLaunch == 0) {
            runtime.waitingSince = null;
        }
    }

    /** Which instances to kill first: not running, then unhealthy, then by the app's killSelection. */
    private List<Instance> victims(List<Instance> candidates, int count, AppDefinition spec, int checks) {
        Comparator<Instance> age = Comparator.comparing(Instance::stagedAt);
        if (!AppDefinition.OLDEST_FIRST.equals(spec.killSelection())) {
            age = age.reversed();
        }
        Comparator<Instance> order = Comparator.<Instance, Boolean>comparing(Instance::running)
                .thenComparing(i -> Views.ready(i, checks))
                .thenComparing(age);
        return candidates.stream().sorted(order).limit(count).toList();
    }

    private void kill(Instance instance) {
        if (instance.killing()) {
            return;
        }
        put(instance.asKilling());
        sendKill(instance);
    }

    private void sendKill(Instance instance) {
        killsSent.put(instance.taskId(), clock.instant());
        AppDefinition app = appOf(instance);
        Optional<Duration> grace = app == null || app.taskKillGracePeriodSeconds() == null ? Optional.empty()
                : Optional.of(Duration.ofSeconds(app.taskKillGracePeriodSeconds()));
        effects.kill(instance.taskId(), instance.agentId(), grace);
        effects.unwatchHealth(instance.taskId());
    }

    private List<PendingLaunch> pending(Instant now) {
        List<PendingLaunch> pending = new ArrayList<>();
        for (AppRuntime runtime : runtimes.values()) {
            if (runtime.spec != null && runtime.toLaunch > 0 && !now.isBefore(runtime.launchAllowedAt)) {
                pending.add(new PendingLaunch(runtime.spec, runtime.toLaunch));
            }
        }
        return pending;
    }

    /**
     * Ends the steps that are done; true when a new step started (its apps need converging). The
     * records of the deployments that moved on are written together afterwards, in a few round trips.
     */
    private boolean advanceDeployments(Instant now) {
        boolean started = false;
        Map<String, DeploymentRecord> stepped = new LinkedHashMap<>();
        List<String> finished = new ArrayList<>();
        for (RunningDeployment deployment : new ArrayList<>(deployments)) {
            while (deployment.stepIndex < deployment.plan.steps().size()
                    && stepDone(deployment.plan.steps().get(deployment.stepIndex))) {
                events.deploymentStepSuccess(deployment.plan, deployment.stepIndex, now);
                deployment.stepIndex++;
                if (deployment.stepIndex < deployment.plan.steps().size()) {
                    DeploymentRecord r = deployment.record;
                    deployment.record = new DeploymentRecord(r.id(), r.version(), deployment.stepIndex, r.steps(),
                            r.originalVersions());
                    stepped.put(r.id(), deployment.record);
                    startStep(deployment, now);
                    started = true;
                }
            }
            if (deployment.stepIndex >= deployment.plan.steps().size()) {
                deployments.remove(deployment);
                stepped.remove(deployment.plan.id());
                finished.add(deployment.plan.id());
                events.deploymentSuccess(deployment.plan, now);
            }
        }
        try {
            store.putDeployments(stepped.values());
        } catch (RuntimeException e) {
            // a new leader redoes a step's (idempotent) actions from the last recorded one
        }
        try {
            store.deleteDeployments(finished);
        } catch (RuntimeException e) {
            // the next leader finds such a deployment done at once and deletes it then
        }
        return started;
    }

    private boolean stepDone(DeploymentStep step) {
        for (DeploymentAction action : step.actions()) {
            AppRuntime runtime = runtimes.get(action.appId());
            Collection<Instance> all = byApp.getOrDefault(action.appId(), Map.of()).values();
            boolean done;
            if (action instanceof DeploymentAction.StopApplication) {
                done = all.isEmpty();
            } else if (action instanceof DeploymentAction.ScaleApplication scale) {
                done = runtime != null && !runtime.restarting && converged(runtime, all, scale.scaleTo());
            } else if (action instanceof DeploymentAction.RestartApplication) {
                done = runtime != null && !runtime.restarting && converged(runtime, all, runtime.spec.instances());
            } else {
                done = true; // StartApplication: the app exists once its step starts
            }
            if (!done) {
                return false;
            }
        }
        return true;
    }

    /** Exactly {@code target} instances, every one ready, none killing or (restarting) of an old config. */
    private boolean converged(AppRuntime runtime, Collection<Instance> all, int target) {
        if (all.size() != target) {
            return false;
        }
        int checks = runtime.spec.healthChecks().size();
        String config = configVersion(runtime.spec);
        for (Instance i : all) {
            // stops at the first one not ready: a pass during a launch of 10,000 does not count them all
            if (i.killing() || !config.equals(i.configVersion()) && runtime.restarting || !Views.ready(i, checks)) {
                return false;
            }
        }
        return true;
    }

    private void startStep(RunningDeployment deployment, Instant now) {
        for (DeploymentAction action : deployment.plan.steps().get(deployment.stepIndex).actions()) {
            apply(action, now);
        }
        events.deploymentInfo(deployment.plan, deployment.stepIndex, now);
    }

    private void apply(DeploymentAction action, Instant now) {
        if (action instanceof DeploymentAction.StartApplication start) {
            AppRuntime runtime = runtime(start.appId(), now);
            if (runtime.spec == null || !start.app().isUpgradeOf(runtime.spec)) {
                runtime.spec = start.app().withInstances(0);
            }
        } else if (action instanceof DeploymentAction.ScaleApplication scale) {
            AppRuntime runtime = runtime(scale.appId(), now);
            if (runtime.spec != null && scale.app().isUpgradeOf(runtime.spec)) {
                runtime.resetBackoff(now);
            }
            runtime.spec = scale.app().withInstances(scale.scaleTo());
        } else if (action instanceof DeploymentAction.RestartApplication restart) {
            AppRuntime runtime = runtime(restart.appId(), now);
            runtime.spec = restart.app();
            runtime.restarting = true;
            runtime.resetBackoff(now);
        } else if (action instanceof DeploymentAction.StopApplication stop) {
            AppRuntime runtime = runtimes.get(stop.appId());
            if (runtime != null) {
                runtime.spec = null;
                runtime.restarting = false;
            }
            events.appTerminated(stop.appId(), now);
        }
    }

    private AppRuntime runtime(String appId, Instant now) {
        return runtimes.computeIfAbsent(appId, id -> new AppRuntime(null, now, id));
    }

    // ------------------------------------------------------------------ API writes

    public Created createApp(JsonNode json, boolean force) {
        Parsed<AppDefinition> parsed = appParser.parse(json, Group.ROOT, null, false);
        AppDefinition app = valid(parsed);
        if (Groups.app(root, app.id()).isPresent()) {
            throw new ApiException(409, "An app with id [" + app.id() + "] already exists.");
        }
        if (Groups.find(root, app.id()).isPresent()) {
            throw new ApiException(409, "A group with id [" + app.id() + "] already exists.");
        }
        String version = nextVersion();
        AppDefinition stamped = stamp(app, null, version);
        DeploymentResult result = deploy(Groups.putApps(root, List.of(stamped)), version, force, "/v2/apps", List.of(stamped));
        return new Created(Groups.app(root, app.id()).orElseThrow(), result, true);
    }

    public Created putApp(String rawId, JsonNode json, boolean partial, boolean force) {
        String id = canonicalAppId(rawId);
        AppDefinition current = Groups.app(root, id).orElse(null);
        JsonNode body = json;
        if (json instanceof ObjectNode object && json.has("id")
                && !PathIds.canonical(json.get("id").asText(), PathIds.parent(id)).equals(id)) {
            throw ApiException.invalid(List.of(new ErrorDetail("/id", List.of(
                    "The id in the body (" + json.get("id").asText() + ") does not match the id in the path (" + id + ")"))));
        }
        if (json instanceof ObjectNode object && !json.has("id")) {
            body = object.deepCopy().put("id", id);
        }
        AppDefinition app = valid(appParser.parse(body, PathIds.parent(id), current, partial && current != null));
        String version = nextVersion();
        AppDefinition stamped = stamp(app, current, version);
        DeploymentResult result = deploy(Groups.putApps(root, List.of(stamped)), version, force, "/v2/apps" + id, List.of(stamped));
        return new Created(Groups.app(root, id).orElseThrow(), result, current == null);
    }

    public DeploymentResult putApps(JsonNode json, boolean partial, boolean force) {
        if (!json.isArray()) {
            throw ApiException.invalid(List.of(new ErrorDetail("/", List.of("expected an array of apps"))));
        }
        List<ErrorDetail> details = new ArrayList<>();
        List<AppDefinition> parsed = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            JsonNode node = json.get(i);
            String id = node.hasNonNull("id") ? PathIds.canonical(node.get("id").asText(), Group.ROOT) : null;
            AppDefinition current = id == null || PathIds.problem(id).isPresent() ? null : Groups.app(root, id).orElse(null);
            Parsed<AppDefinition> p = appParser.parse(node, Group.ROOT, current, partial && current != null);
            if (!p.ok()) {
                for (Violation v : p.violations()) {
                    details.add(new ErrorDetail("/(" + i + ")" + v.path(), List.of(v.message())));
                }
            } else {
                parsed.add(p.value());
            }
        }
        if (!details.isEmpty()) {
            throw ApiException.invalid(details);
        }
        Set<String> seen = new HashSet<>();
        for (AppDefinition app : parsed) {
            if (!seen.add(app.id())) {
                throw ApiException.invalid(List.of(new ErrorDetail("/", List.of("app " + app.id() + " is given twice"))));
            }
        }
        String version = nextVersion();
        List<AppDefinition> stamped = parsed.stream()
                .map(a -> stamp(a, Groups.app(root, a.id()).orElse(null), version)).toList();
        return deploy(Groups.putApps(root, stamped), version, force, "/v2/apps", stamped);
    }

    public DeploymentResult deleteApp(String rawId, boolean force) {
        String id = canonicalAppId(rawId);
        existing(id);
        String version = nextVersion();
        return deploy(Groups.removeApps(root, List.of(id)), version, force, null, List.of());
    }

    public DeploymentResult restartApp(String rawId, boolean force) {
        String id = canonicalAppId(rawId);
        AppDefinition current = existing(id);
        String version = nextVersion();
        AppDefinition restarted = current.withVersion(version, new AppDefinition.VersionInfo(version, version));
        Group target = restamp(root, Groups.putApps(root, List.of(restarted)), version);
        DeploymentPlan plan = planner.restart(target, id, restarted, uuids.get().toString(), version);
        return commit(plan, target, force, null, List.of(), null, Groups.apps(root), Groups.apps(target));
    }

    public DeploymentResult scaleApp(String rawId, int instances, boolean force) {
        ObjectNode body = mapper.createObjectNode().put("instances", instances);
        return putApp(rawId, body, true, force).deployment();
    }

    public Killed killTasks(List<String> taskIds, boolean scale, boolean wipe, boolean force, boolean strict) {
        List<Instance> found = new ArrayList<>();
        for (String taskId : new LinkedHashSet<>(taskIds)) {
            Instance instance = instances.get(taskId);
            if (instance == null) {
                if (strict) {
                    throw ApiException.notFound("Task '" + taskId + "' does not exist");
                }
                continue;
            }
            found.add(instance);
        }
        DeploymentResult deployment = null;
        if (scale && !found.isEmpty()) {
            Map<String, Long> perApp = found.stream().collect(Collectors.groupingBy(Instance::appId, TreeMap::new, Collectors.counting()));
            String version = nextVersion();
            List<AppDefinition> scaled = new ArrayList<>();
            for (Map.Entry<String, Long> e : perApp.entrySet()) {
                Optional<AppDefinition> app = Groups.app(root, e.getKey());
                if (app.isPresent()) {
                    AppDefinition a = app.get();
                    scaled.add(stamp(a.withInstances((int) Math.max(0, a.instances() - e.getValue())), a, version));
                }
            }
            // the named tasks count as killed first, so converging the smaller apps kills no other task;
            // a refused scale kills nothing
            found.forEach(i -> put(i.asKilling()));
            try {
                deployment = deploy(Groups.putApps(root, scaled), version, force, null, List.of());
            } catch (RuntimeException e) {
                found.forEach(this::put);
                throw e;
            }
            found.stream().filter(i -> !i.killing()).forEach(this::sendKill);
        } else {
            found.forEach(this::kill);
        }
        if (wipe) {
            List<String> ids = found.stream().map(Instance::taskId).toList();
            store.deleteInstances(ids);
            found.forEach(this::remove);
        }
        converge();
        return new Killed(found.stream().map(Views::task).toList(), deployment);
    }

    public DeploymentResult putGroup(String rawId, JsonNode json, boolean create, boolean force) {
        String id = PathIds.canonical(rawId == null || rawId.isEmpty() ? Group.ROOT : rawId, Group.ROOT);
        Optional<Group> current = Groups.find(root, id);
        if (json.hasNonNull("id") && !id.equals(Group.ROOT) && create) {
            id = PathIds.canonical(json.get("id").asText(), id);
            current = Groups.find(root, id);
        } else if (json.hasNonNull("id") && create) {
            id = PathIds.canonical(json.get("id").asText(), Group.ROOT);
            current = Groups.find(root, id);
        }
        if (create && current.isPresent()) {
            throw new ApiException(409, "Group " + id + " is already created. Use PUT to change this group.");
        }
        if (Groups.app(root, id).isPresent()) {
            throw new ApiException(409, "An app with id [" + id + "] already exists.");
        }
        String version = nextVersion();
        Group target;
        if (json.hasNonNull("version") && !json.has("apps") && !json.has("groups")) {
            target = revertedGroup(id, json.get("version").asText(), version);
        } else if (json.hasNonNull("scaleBy")) {
            double factor = json.get("scaleBy").asDouble();
            Group group = current.orElseThrow(() -> ApiException.notFound("Group '" + rawId + "' does not exist"));
            List<AppDefinition> scaled = Groups.apps(group).values().stream()
                    .map(a -> stamp(a.withInstances((int) Math.ceil(a.instances() * factor)), a, version)).toList();
            target = Groups.putApps(root, scaled);
        } else {
            Parsed<Group> parsed = groupParser.parse(json, id, current.orElse(null));
            Group group = validGroup(parsed);
            if (!json.has("apps") && !json.has("groups") && current.isPresent()) {
                group = new Group(group.id(), current.get().apps(), current.get().groups(), group.dependencies(), group.version());
            }
            Map<String, AppDefinition> before = Groups.apps(root);
            List<AppDefinition> stamped = Groups.apps(group).values().stream()
                    .map(a -> stamp(a, before.get(a.id()), version)).toList();
            Group restamped = Groups.putApps(new Group(group.id(), List.of(), group.groups().stream()
                    .map(g -> new Group(g.id(), List.of(), List.of(), g.dependencies(), g.version())).toList(),
                    group.dependencies(), group.version()), stamped);
            target = Groups.putGroup(root, withSubgroups(restamped, group));
        }
        return deploy(target, version, force, null, List.of());
    }

    /** Keeps the stamped apps of {@code stamped} and the subgroup dependencies of {@code parsed}. */
    private Group withSubgroups(Group stamped, Group parsed) {
        Group result = stamped;
        for (Group g : allGroups(parsed)) {
            result = withGroupRecord(result, new GroupRecord(g.id(), g.dependencies(), g.version()));
        }
        return result;
    }

    private Group revertedGroup(String id, String wantedVersion, String version) {
        if (group != null && group.hasVersion(wantedVersion)) {
            throw new CommitFirst();
        }
        RootManifest manifest = store.rootVersion(wantedVersion)
                .orElseThrow(() -> ApiException.notFound("Group '" + id + "' has no version " + wantedVersion));
        Group old = fromManifest(manifest);
        Group oldGroup = Groups.find(old, id)
                .orElseThrow(() -> ApiException.notFound("Group '" + id + "' did not exist at version " + wantedVersion));
        Map<String, AppDefinition> before = Groups.apps(root);
        List<AppDefinition> stamped = Groups.apps(oldGroup).values().stream()
                .map(a -> stamp(a, before.get(a.id()), version)).toList();
        Group target = Groups.removeGroup(root, id);
        target = Groups.putGroup(target, new Group(id, List.of(), List.of(), oldGroup.dependencies(), version));
        target = Groups.putApps(target, stamped);
        for (Group g : allGroups(oldGroup)) {
            target = withGroupRecord(target, new GroupRecord(g.id(), g.dependencies(), g.version()));
        }
        return target;
    }

    public DeploymentResult deleteGroup(String rawId, boolean force) {
        String id = PathIds.canonical(rawId == null || rawId.isEmpty() ? Group.ROOT : rawId, Group.ROOT);
        if (Groups.find(root, id).isEmpty()) {
            throw ApiException.notFound("Group '" + id + "' does not exist");
        }
        String version = nextVersion();
        Group target = id.equals(Group.ROOT) ? new Group(Group.ROOT, List.of(), List.of(), List.of(), version)
                : Groups.removeGroup(root, id);
        return deploy(target, version, force, null, List.of());
    }

    /**
     * Marathon's {@code DELETE /v2/deployments/{id}}: a new deployment back to each affected app's
     * version before it, superseding it. A restored definition keeps its config version, so the
     * tasks still running it stay and only those the rolled-back deployment started are replaced.
     */
    public DeploymentResult rollback(String deploymentId) {
        RunningDeployment running = deployment(deploymentId);
        String version = nextVersion();
        Group target = root;
        for (Map.Entry<String, String> e : running.record.originalVersions().entrySet()) {
            if (e.getValue() == null) {
                target = Groups.removeApps(target, List.of(e.getKey()));
                continue;
            }
            AppDefinition old;
            try {
                old = store.appVersion(e.getKey(), e.getValue()).orElseThrow(() -> new ApiException(409, "Version "
                        + e.getValue() + " of " + e.getKey() + " is no longer stored: cannot roll back"));
            } catch (ApiException refused) {
                throw refused;
            } catch (RuntimeException failed) {
                throw new ApiException(503, "The version to roll back to could not be read: " + failed.getMessage());
            }
            AppDefinition current = Groups.app(root, e.getKey()).orElse(null);
            AppDefinition restored = current != null && old.version().equals(current.version()) ? current
                    : old.withVersion(version, new AppDefinition.VersionInfo(version, configVersion(old)));
            target = Groups.putApps(target, List.of(restored));
        }
        return deploy(target, version, true, null, List.of(), "rolled back");
    }

    /** Marathon's {@code DELETE /v2/deployments/{id}?force=true}: stops the deployment where it is. */
    public void cancel(String deploymentId) {
        RunningDeployment running = deployment(deploymentId);
        try {
            store.deleteDeployment(deploymentId);
        } catch (RuntimeException e) {
            throw new ApiException(503, "The change could not be stored: " + e.getMessage());
        }
        deployments.remove(running);
        for (String appId : running.plan.affectedApps()) {
            AppRuntime runtime = runtimes.get(appId);
            if (runtime != null && runtime.restarting) {
                runtime.restarting = false;
            }
        }
        events.deploymentStepFailure(running.plan, running.stepIndex, clock.instant());
        events.deploymentFailed(running.plan, "canceled", clock.instant());
    }

    public void resetDelay(String rawId) {
        String id = canonicalAppId(rawId);
        existing(id);
        AppRuntime runtime = runtimes.get(id);
        if (runtime != null) {
            runtime.resetBackoff(clock.instant());
        }
        converge();
    }

    private RunningDeployment deployment(String id) {
        return deployments.stream().filter(d -> d.plan.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("DeploymentPlan " + id + " does not exist"));
    }

    // ------------------------------------------------------------------ deploying

    private DeploymentResult deploy(Group target, String version, boolean force, String apiUri, List<AppDefinition> posted) {
        return deploy(target, version, force, apiUri, posted, null);
    }

    /** Plans the way from the current tree to {@code target} and starts it; {@code supersedeReason}: see {@link #start}. */
    private DeploymentResult deploy(Group target, String version, boolean force, String apiUri, List<AppDefinition> posted,
                                    String supersedeReason) {
        Group assigned;
        try {
            assigned = servicePorts.assign(target);
        } catch (IllegalStateException e) {
            throw ApiException.invalid(List.of(new ErrorDetail("/portDefinitions", List.of(e.getMessage()))));
        }
        // the apps of both trees, worked out once: each is a pass over every app
        SortedMap<String, AppDefinition> after = Groups.apps(assigned);
        List<Violation> violations = Groups.validateRoot(assigned, after);
        if (!violations.isEmpty()) {
            throw ApiException.invalid(details(violations));
        }
        Group stamped = restamp(root, assigned, version); // group versions only: the same apps
        SortedMap<String, AppDefinition> before = Groups.apps(root);
        DeploymentPlan plan = planner.plan(root, before, stamped, after, uuids.get().toString(), version);
        return commit(plan, stamped, force, apiUri, posted, supersedeReason, before, after);
    }

    private DeploymentResult commit(DeploymentPlan plan, Group target, boolean force, String apiUri,
                                    List<AppDefinition> posted, String supersedeReason,
                                    Map<String, AppDefinition> before, Map<String, AppDefinition> after) {
        DeploymentResult result = start(plan, target, force, supersedeReason, before, after);
        for (AppDefinition app : posted) {
            events.apiPost(apiUri, Groups.app(root, app.id()).orElse(app), clock.instant());
        }
        events.groupChangeSuccess(Group.ROOT, target.version(), clock.instant());
        return result;
    }

    /**
     * Makes {@code target} the tree and starts the plan to it. Durable first, with the root version
     * as the commit point: app versions and the deployment are written before it, so if any write
     * fails (503) nothing changed for this leader or the next. Deployments holding an affected app are
     * superseded ({@code force}; their deployment_failed event says {@code supersedeReason}, by
     * default "superseded by" the new one) or the change is refused (409).
     */
    private DeploymentResult start(DeploymentPlan plan, Group target, boolean force, String supersedeReason,
                                   Map<String, AppDefinition> before, Map<String, AppDefinition> after) {
        Set<String> affected = plan.affectedApps();
        List<AppDefinition> changed = changedApps(before, after);
        Set<String> touched = new HashSet<>(affected);
        changed.forEach(a -> touched.add(a.id()));
        if (group != null && group.touches(touched)) {
            throw new CommitFirst();
        }
        List<RunningDeployment> conflicts = deployments.stream()
                .filter(d -> d.affected.stream().anyMatch(affected::contains)).toList();
        if (!conflicts.isEmpty() && !force) {
            String ids = conflicts.stream().map(d -> d.plan.id()).collect(Collectors.joining(", "));
            throw new ApiException(409, "App is locked by one or more deployments. Override with the option '?force=true'. "
                    + "View details at '/v2/deployments/<DEPLOYMENT_ID>'. Deployments: " + ids,
                    conflicts.stream().map(d -> new ErrorDetail("/deployments", List.of(d.plan.id()))).toList());
        }
        Map<String, String> originalVersions = new HashMap<>();
        for (String appId : affected) {
            AppDefinition old = before.get(appId);
            originalVersions.put(appId, old == null ? null : old.version());
        }
        int firstStep = startsDoneAtOnce(plan);
        DeploymentRecord record = new DeploymentRecord(plan.id(), plan.version(), firstStep, plan.steps().stream()
                .map(s -> s.actions().stream().map(a -> new ActionRecord(a.name(), a.appId(), a.app().version(),
                        a instanceof DeploymentAction.ScaleApplication sc ? sc.scaleTo() : a.app().instances())).toList())
                .toList(), originalVersions);
        DeploymentRecord newRecord = plan.steps().isEmpty() ? null : record;
        if (group != null) {
            group.add(changed, touched, newRecord);
        } else {
            try {
                store.commit(changed, newRecord == null ? List.of() : List.of(newRecord), manifest(target));
            } catch (RuntimeException e) {
                throw new ApiException(503, "The change could not be stored: " + e.getMessage());
            }
        }
        Instant now = clock.instant();
        for (RunningDeployment conflict : conflicts) {
            deployments.remove(conflict);
            if (group != null) {
                group.supersede(conflict.plan.id());
            } else {
                deleteDeploymentRecord(conflict.plan.id());
            }
            events.deploymentStepFailure(conflict.plan, conflict.stepIndex, now);
            events.deploymentFailed(conflict.plan, supersedeReason == null ? "superseded by " + plan.id() : supersedeReason,
                    now);
        }
        root = target;
        if (plan.steps().isEmpty()) {
            events.deploymentSuccess(plan, now);
        } else {
            RunningDeployment running = new RunningDeployment(plan, record);
            deployments.add(running);
            // the steps that only start apps (with no instances) are done as soon as they begin
            for (int s = 0; s < firstStep; s++) {
                plan.steps().get(s).actions().forEach(a -> apply(a, now));
                events.deploymentInfo(plan, s, now);
                events.deploymentStepSuccess(plan, s, now);
            }
            startStep(running, now);
        }
        if (group == null) {
            converge();
        }
        return new DeploymentResult(plan.id(), plan.version());
    }

    /**
     * How many leading steps of the plan only start apps (with no instances; the next step scales
     * them): such a step is done the moment it begins, so the deployment is stored at the step after
     * it, saving a write of its record. The last step is never skipped.
     */
    private static int startsDoneAtOnce(DeploymentPlan plan) {
        int first = 0;
        while (first < plan.steps().size() - 1 && plan.steps().get(first).actions().stream()
                .allMatch(a -> a instanceof DeploymentAction.StartApplication)) {
            first++;
        }
        return first;
    }

    /** Deletes a superseded deployment's record; a new leader drops one its tree does not hold anyway. */
    private void deleteDeploymentRecord(String id) {
        try {
            store.deleteDeployment(id);
        } catch (RuntimeException e) {
            // dropped by the next leader
        }
    }

    // ------------------------------------------------------------------ group commit

    /**
     * Opens a commit group: API changes until {@link #commitGroup()} are applied in memory at once
     * (each sees those before it), share one version and become durable in one write of the store,
     * after which their events are told and the apps converge. The caller answers none of them before
     * the group is committed, and calls nothing else (no reads, no stream inputs) meanwhile.
     */
    public void openGroup() {
        if (group == null) {
            group = new CommitGroup();
        }
    }

    public boolean groupOpen() {
        return group != null;
    }

    /**
     * Makes the open group durable (nothing to do without one). If the store fails, this throws and
     * the core's memory is ahead of the store: the caller must answer the group's changes with an
     * error and drop this core; a new leader recovers what was committed.
     */
    public void commitGroup() {
        CommitGroup committing = group;
        if (committing == null) {
            return;
        }
        group = null;
        if (committing.changed()) {
            store.commit(committing.appVersions(), committing.deployments(), manifest(root));
        }
        committing.deleteAfterCommit().forEach(this::deleteDeploymentRecord);
        committing.events().forEach(eventSink);
        if (committing.changed()) {
            // the other apps: nothing changed them, or stream inputs did and the next flush converges them all
            converge(committing.touched());
        }
    }

    /** Events of an open group wait for its commit. */
    private void emit(MarathonEvent event) {
        if (group != null) {
            group.event(event);
        } else {
            eventSink.accept(event);
        }
    }

    private String nextVersion() {
        return group != null ? group.version(versions) : versions.next();
    }

    /**
     * Thrown (before anything changed) by a change that cannot join the open group: it changes an app
     * the group changed already, or needs a version the group has not stored yet. Commit the group,
     * then make the change again in a new one.
     */
    public static final class CommitFirst extends RuntimeException {
        CommitFirst() {
            super("the open commit group must be committed first", null, false, false);
        }
    }

    private static List<AppDefinition> changedApps(Map<String, AppDefinition> old, Map<String, AppDefinition> after) {
        return after.values().stream().filter(a -> {
            AppDefinition was = old.get(a.id());
            return a != was && !a.equals(was);
        }).toList();
    }

    /** Gives the new version to every group whose content changed; unchanged ones keep theirs. */
    private Group restamp(Group before, Group after, String version) {
        if (before != null && after.equals(before)) {
            return after;
        }
        Map<String, Group> old = new HashMap<>();
        if (before != null) {
            before.groups().forEach(g -> old.put(g.id(), g));
        }
        List<Group> groups = after.groups().stream().map(g -> restamp(old.get(g.id()), g, version)).toList();
        return new Group(after.id(), after.apps(), groups, after.dependencies(), version);
    }

    /** Stamps the app's version: a change of instances only keeps the config version (Marathon's versionInfo). */
    private AppDefinition stamp(AppDefinition app, AppDefinition previous, String version) {
        AppDefinition withPorts = app;
        if (previous != null && app.portDefinitions().size() == previous.portDefinitions().size()) {
            // a re-submitted definition with port 0 keeps the service ports it was given
            List<io.plinth.marathon.api.PortDefinition> ports = new ArrayList<>();
            for (int i = 0; i < app.portDefinitions().size(); i++) {
                var p = app.portDefinitions().get(i);
                ports.add(p.port() == 0 ? p.withPort(previous.portDefinitions().get(i).port()) : p);
            }
            withPorts = app.withPortDefinitions(ports);
        }
        if (previous != null && !withPorts.isUpgradeOf(previous)) {
            if (withPorts.instances() == previous.instances()) {
                return previous;
            }
            String config = previous.versionInfo() == null ? previous.version() : previous.versionInfo().lastConfigChangeAt();
            return withPorts.withVersion(version, new AppDefinition.VersionInfo(version, config));
        }
        return withPorts.withVersion(version, new AppDefinition.VersionInfo(version, version));
    }

    private RootManifest manifest(Group tree) {
        Map<String, String> apps = new HashMap<>();
        allGroups(tree).forEach(g -> g.apps().forEach(a -> apps.put(a.id(), a.version())));
        return new RootManifest(tree.version(), new ArrayList<>(groupRecords(tree).values()), apps);
    }

    private Group fromManifest(RootManifest manifest) {
        Group tree = new Group(Group.ROOT, List.of(), List.of(), List.of(), manifest.version());
        tree = Groups.putApps(tree, store.appsAt(manifest.apps()).values());
        for (GroupRecord g : manifest.groups()) {
            tree = withGroupRecord(tree, g);
        }
        return tree;
    }

    private Map<String, GroupRecord> groupRecords(Group tree) {
        Map<String, GroupRecord> records = new TreeMap<>();
        for (Group g : allGroups(tree)) {
            records.put(g.id(), new GroupRecord(g.id(), g.dependencies(), g.version()));
        }
        return records;
    }

    private static List<Group> allGroups(Group tree) {
        List<Group> all = new ArrayList<>();
        List<Group> todo = new ArrayList<>(List.of(tree));
        while (!todo.isEmpty()) {
            Group g = todo.remove(todo.size() - 1);
            all.add(g);
            todo.addAll(g.groups());
        }
        return all;
    }

    /** The tree with the group's own fields (dependencies, version) set, creating it if needed. */
    private static Group withGroupRecord(Group tree, GroupRecord record) {
        if (record.id().equals(tree.id())) {
            return new Group(tree.id(), tree.apps(), tree.groups(), record.dependencies(), record.version());
        }
        Group existing = Groups.find(tree, record.id()).orElse(null);
        Group updated = existing == null
                ? new Group(record.id(), List.of(), List.of(), record.dependencies(), record.version())
                : new Group(existing.id(), existing.apps(), existing.groups(), record.dependencies(), record.version());
        return Groups.putGroup(tree, updated);
    }

    // ------------------------------------------------------------------ reads

    public Group root() {
        return root;
    }

    public List<String> appVersions(String rawId) {
        return store.appVersions(PathIds.canonical(rawId, Group.ROOT));
    }

    public Optional<AppDefinition> appVersion(String rawId, String version) {
        return store.appVersion(PathIds.canonical(rawId, Group.ROOT), version);
    }

    public List<String> groupVersions(String rawId) {
        String id = PathIds.canonical(rawId, Group.ROOT);
        if (id.equals(Group.ROOT)) {
            return store.rootVersions();
        }
        return store.rootVersions().stream().filter(v -> store.rootVersion(v)
                .map(m -> m.groups().stream().anyMatch(g -> g.id().equals(id))).orElse(false)).toList();
    }

    public Optional<Group> groupVersion(String rawId, String version) {
        String id = PathIds.canonical(rawId, Group.ROOT);
        return store.rootVersion(version).map(this::fromManifest).flatMap(tree -> Groups.find(tree, id));
    }

    public List<MarathonTask> tasks() {
        return instances.values().stream().sorted(Comparator.comparing(Instance::appId).thenComparing(Instance::taskId))
                .map(Views::task).toList();
    }

    public List<MarathonTask> tasks(String rawId) {
        String id = PathIds.canonical(rawId, Group.ROOT);
        return byApp.getOrDefault(id, Map.of()).values().stream().sorted(Comparator.comparing(Instance::taskId))
                .map(Views::task).toList();
    }

    public TaskCounts counts(String rawId) {
        String id = PathIds.canonical(rawId, Group.ROOT);
        int checks = Groups.app(root, id).map(a -> a.healthChecks().size()).orElse(0);
        return Views.counts(byApp.getOrDefault(id, Map.of()).values(), checks);
    }

    public Optional<TaskFailure> lastTaskFailure(String rawId) {
        return Optional.ofNullable(lastFailures.get(PathIds.canonical(rawId, Group.ROOT)));
    }

    public List<Deployment> deployments() {
        return deployments.stream().map(d -> d.plan.view(Math.min(d.stepIndex, d.plan.steps().size() - 1))).toList();
    }

    public List<QueueItem> queue() {
        Instant now = clock.instant();
        List<QueueItem> queue = new ArrayList<>();
        for (AppRuntime runtime : runtimes.values()) {
            if (runtime.spec != null && runtime.toLaunch > 0) {
                long leftMillis = Math.max(0, Duration.between(now, runtime.launchAllowedAt).toMillis());
                boolean overdue = !now.isBefore(runtime.launchAllowedAt);
                queue.add(new QueueItem(runtime.spec, runtime.toLaunch, new QueueItem.Delay((leftMillis + 999) / 1000, overdue),
                        Versions.format(runtime.waitingSince == null ? now : runtime.waitingSince)));
            }
        }
        return queue;
    }

    // ------------------------------------------------------------------ helpers

    private AppDefinition valid(Parsed<AppDefinition> parsed) {
        if (!parsed.ok()) {
            throw ApiException.invalid(details(parsed.violations()));
        }
        return parsed.value();
    }

    private Group validGroup(Parsed<Group> parsed) {
        if (!parsed.ok()) {
            throw ApiException.invalid(details(parsed.violations()));
        }
        return parsed.value();
    }

    private static List<ErrorDetail> details(List<Violation> violations) {
        Map<String, List<String>> byPath = new LinkedHashMap<>();
        for (Violation v : violations) {
            byPath.computeIfAbsent(v.path(), p -> new ArrayList<>()).add(v.message());
        }
        return byPath.entrySet().stream().map(e -> new ErrorDetail(e.getKey(), e.getValue())).toList();
    }

    private String canonicalAppId(String rawId) {
        String id = PathIds.canonical(rawId, Group.ROOT);
        Optional<String> problem = PathIds.problem(id);
        if (problem.isPresent()) {
            throw ApiException.invalid(List.of(new ErrorDetail("/id", List.of(problem.get()))));
        }
        return id;
    }

    private AppDefinition existing(String id) {
        return Groups.app(root, id).orElseThrow(() -> ApiException.notFound("App '" + id + "' does not exist"));
    }

    private AppDefinition appOf(Instance instance) {
        AppRuntime runtime = runtimes.get(instance.appId());
        if (runtime != null && runtime.spec != null) {
            return runtime.spec;
        }
        return Groups.app(root, instance.appId()).orElse(null);
    }

    private static String configVersion(AppDefinition app) {
        return app.versionInfo() == null ? app.version() : app.versionInfo().lastConfigChangeAt();
    }

    private static List<HealthCheckResult> emptyHealth(int checks) {
        List<HealthCheckResult> health = new ArrayList<>(checks);
        for (int i = 0; i < checks; i++) {
            health.add(null);
        }
        return health;
    }

    private static InstanceRecord record(Instance i) {
        return new InstanceRecord(i.taskId(), i.appId(), i.version(), i.configVersion(), i.agentId(), i.host(), i.hostPorts(),
                i.servicePorts(), Versions.format(i.stagedAt()));
    }

    private static Instant parse(String at, Instant fallback) {
        try {
            return at == null ? fallback : Instant.parse(at);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static boolean terminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                 TASK_GONE_BY_OPERATOR, TASK_UNREACHABLE, TASK_UNKNOWN -> true;
            default -> false;
        };
    }

    private void put(Instance instance) {
        instances.put(instance.taskId(), instance);
        byApp.computeIfAbsent(instance.appId(), a -> new HashMap<>()).put(instance.taskId(), instance);
    }

    private void remove(Instance instance) {
        instances.remove(instance.taskId());
        unconfirmedLaunches.remove(instance.taskId());
        Map<String, Instance> ofApp = byApp.get(instance.appId());
        if (ofApp != null) {
            ofApp.remove(instance.taskId());
            if (ofApp.isEmpty()) {
                byApp.remove(instance.appId());
            }
        }
        killsSent.remove(instance.taskId());
        effects.unwatchHealth(instance.taskId());
    }

    /** What the core keeps true for one app. */
    private static final class AppRuntime {
        final String appId;
        /** The definition and instance count to converge to; null while the app is being stopped. */
        AppDefinition spec;
        boolean restarting;
        int toLaunch;
        double delaySeconds;
        Instant launchAllowedAt;
        Instant waitingSince;

        AppRuntime(AppDefinition spec, Instant now) {
            this(spec, now, spec.id());
        }

        AppRuntime(AppDefinition spec, Instant now, String appId) {
            this.appId = appId;
            this.spec = spec;
            this.launchAllowedAt = now;
        }

        /** Marathon's launch backoff: backoffSeconds, then times backoffFactor, capped at maxLaunchDelaySeconds. */
        void backOff(Instant now) {
            if (spec == null) {
                return;
            }
            delaySeconds = delaySeconds == 0 ? spec.backoffSeconds()
                    : Math.min(delaySeconds * spec.backoffFactor(), spec.maxLaunchDelaySeconds());
            launchAllowedAt = now.plusMillis((long) (delaySeconds * 1000));
        }

        void resetBackoff(Instant now) {
            delaySeconds = 0;
            launchAllowedAt = now;
        }
    }

    /** A deployment being carried out. */
    private static final class RunningDeployment {
        final DeploymentPlan plan;
        /** The plan's affected apps, worked out once: every change checks them for conflicts. */
        final Set<String> affected;
        DeploymentRecord record;
        int stepIndex;

        RunningDeployment(DeploymentPlan plan, DeploymentRecord record) {
            this.plan = plan;
            this.affected = plan.affectedApps();
            this.record = record;
            this.stepIndex = record.currentStep();
        }
    }
}

package io.plinth.marathon.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.MarathonEvent;
import io.plinth.marathon.model.Groups;
import io.plinth.marathon.plan.DeploymentPlan;
import io.plinth.marathon.plan.DeploymentStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Marathon's event shapes ({@code /v2/events}): each method builds one event with
 * {@code eventType} and {@code timestamp} and hands it to the sink — only while someone follows the
 * stream ({@code wanted}), since a burst of launches makes tens of thousands.
 *
 * <p>Deviation: a deployment's {@code plan} shows, in {@code original} and {@code target}, the groups
 * of its affected apps only, not the whole tree (Marathon's whole tree made each event of a
 * deployment cost as much as the tree is big, so 1,000 single-app deployments cost 1,000²).
 */
final class Events {

    private final ObjectMapper mapper;
    private final Consumer<MarathonEvent> sink;
    private final BooleanSupplier wanted;

    Events(ObjectMapper mapper, Consumer<MarathonEvent> sink, BooleanSupplier wanted) {
        this.mapper = mapper;
        this.sink = sink;
        this.wanted = wanted;
    }

    /** Builds one event ({@code eventType}, {@code timestamp}, then {@code fields}) and hands it on, if wanted. */
    private void emit(String type, Instant at, Consumer<ObjectNode> fields) {
        if (!wanted.getAsBoolean()) {
            return;
        }
        ObjectNode node = mapper.createObjectNode();
        node.put("eventType", type);
        node.put("timestamp", Versions.format(at));
        fields.accept(node);
        try {
            sink.accept(new MarathonEvent(type, mapper.writeValueAsString(node)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event", e);
        }
    }

    void statusUpdate(Instance instance, String message, Instant at) {
        emit("status_update_event", at, node -> {
            node.put("slaveId", instance.agentId());
            node.put("taskId", instance.taskId());
            node.put("taskStatus", instance.state());
            node.put("message", message == null ? "" : message);
            node.put("appId", instance.appId());
            node.put("host", instance.host());
            node.set("ipAddresses", mapper.valueToTree(Views.ipAddresses(instance.host())));
            node.set("ports", mapper.valueToTree(instance.hostPorts()));
            node.put("version", instance.version());
        });
        emit("instance_changed_event", at, changed -> {
            changed.put("instanceId", instance.taskId());
            changed.put("condition", Views.condition(instance.state()));
            changed.put("runSpecId", instance.appId());
            changed.put("agentId", instance.agentId());
            changed.put("host", instance.host());
            changed.put("runSpecVersion", instance.version());
        });
    }

    void deploymentInfo(DeploymentPlan plan, int step, Instant at) {
        stepEvent("deployment_info", plan, step, at);
    }

    void deploymentStepSuccess(DeploymentPlan plan, int step, Instant at) {
        stepEvent("deployment_step_success", plan, step, at);
    }

    /** The step a deployment was at when it failed (superseded, cancelled, rolled back): told before {@code deployment_failed}. */
    void deploymentStepFailure(DeploymentPlan plan, int step, Instant at) {
        stepEvent("deployment_step_failure", plan, step, at);
    }

    void deploymentSuccess(DeploymentPlan plan, Instant at) {
        emit("deployment_success", at, node -> {
            node.put("id", plan.id());
            node.set("plan", plan(plan));
        });
    }

    void deploymentFailed(DeploymentPlan plan, String reason, Instant at) {
        emit("deployment_failed", at, node -> {
            node.put("id", plan.id());
            node.put("reason", reason);
            node.set("plan", plan(plan));
        });
    }

    void healthStatusChanged(Instance instance, boolean alive, Instant at) {
        emit("health_status_changed_event", at, node -> {
            node.put("appId", instance.appId());
            node.put("taskId", instance.taskId());
            node.put("instanceId", instance.taskId());
            node.put("version", instance.version());
            node.put("alive", alive);
        });
    }

    void failedHealthCheck(Instance instance, HealthCheck check, Instant at) {
        emit("failed_health_check_event", at, node -> {
            node.put("appId", instance.appId());
            node.put("taskId", instance.taskId());
            node.put("instanceId", instance.taskId());
            node.set("healthCheck", mapper.valueToTree(check));
        });
    }

    void unhealthyTaskKill(Instance instance, String reason, Instant at) {
        emit("unhealthy_task_kill_event", at, node -> {
            node.put("appId", instance.appId());
            node.put("taskId", instance.taskId());
            node.put("instanceId", instance.taskId());
            node.put("version", instance.version());
            node.put("reason", reason);
            node.put("host", instance.host());
            node.put("slaveId", instance.agentId());
        });
    }

    void apiPost(String uri, Object appDefinition, Instant at) {
        emit("api_post_event", at, node -> {
            node.put("clientIp", "");
            node.put("uri", uri);
            node.set("appDefinition", mapper.valueToTree(appDefinition));
        });
    }

    void groupChangeSuccess(String groupId, String version, Instant at) {
        emit("group_change_success", at, node -> {
            node.put("groupId", groupId);
            node.put("version", version);
        });
    }

    void appTerminated(String appId, Instant at) {
        emit("app_terminated_event", at, node -> {
            node.put("appId", appId);
        });
    }

    private ObjectNode plan(DeploymentPlan plan) {
        ObjectNode node = mapper.createObjectNode();
        node.put("id", plan.id());
        node.put("version", plan.version());
        node.set("original", mapper.valueToTree(affectedOnly(plan.original(), plan.affectedApps())));
        node.set("target", mapper.valueToTree(affectedOnly(plan.target(), plan.affectedApps())));
        var steps = node.putArray("steps");
        plan.steps().forEach(s -> steps.add(step(s)));
        return node;
    }

    private static Group affectedOnly(Group tree, Set<String> appIds) {
        Map<String, AppDefinition> apps = Groups.apps(tree);
        List<AppDefinition> affected = appIds.stream().map(apps::get).filter(Objects::nonNull).toList();
        return Groups.putApps(new Group(Group.ROOT, List.of(), List.of(), List.of(), tree.version()), affected);
    }

    private void stepEvent(String type, DeploymentPlan plan, int step, Instant at) {
        emit(type, at, node -> {
            node.set("plan", plan(plan));
            node.set("currentStep", step(plan.steps().get(step)));
        });
    }

    private ObjectNode step(DeploymentStep step) {
        ObjectNode node = mapper.createObjectNode();
        var actions = node.putArray("actions");
        step.actions().forEach(a -> {
            ObjectNode action = actions.addObject();
            action.put("action", a.name());
            action.put("app", a.appId());
        });
        return node;
    }
}

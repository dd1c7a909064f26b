package io.plinth.marathon.plan;

import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.Group;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a deployment does to move the root group from {@code original} to {@code target}: steps run
 * one after the other, the actions of a step together. Made by {@link DeploymentPlanner}; immutable,
 * so the executor, the REST layer and the store may share it across threads.
 *
 * @param id      the deployment id (a UUID string, chosen by the caller)
 * @param version the target root group's version (ISO-8601)
 */
public record DeploymentPlan(String id, String version, Group original, Group target, List<DeploymentStep> steps) {

    public DeploymentPlan {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(target, "target");
        steps = List.copyOf(steps);
    }

    /** Ids of the apps any action touches, sorted; what the deployment locks. */
    public Set<String> affectedApps() {
        Set<String> ids = new TreeSet<>();
        steps.forEach(step -> step.actions().forEach(action -> ids.add(action.appId())));
        return Collections.unmodifiableSet(ids);
    }

    /** True when there is nothing to do: the deployment is done as soon as it starts. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * This plan as {@code GET /v2/deployments} shows it while step {@code currentStep} runs.
     *
     * @param currentStep 0-based index of the running step; shown 1-based. An empty plan only accepts
     *                    0 and shows step 0 of 0 with no current actions.
     */
    public Deployment view(int currentStep) {
        if (steps.isEmpty() ? currentStep != 0 : currentStep < 0 || currentStep >= steps.size()) {
            throw new IllegalArgumentException("step " + currentStep + " of a plan with " + steps.size() + " steps");
        }
        List<Deployment.Step> shownSteps = steps.stream()
                .map(step -> new Deployment.Step(step.actions().stream()
                        .map(action -> new Deployment.Action(action.name(), action.appId()))
                        .toList()))
                .toList();
        List<Deployment.CurrentAction> current = steps.isEmpty() ? List.of() : steps.get(currentStep).actions().stream()
                .map(action -> new Deployment.CurrentAction(action.name(), action.appId(), List.of()))
                .toList();
        return new Deployment(id, version, List.copyOf(affectedApps()), shownSteps, current,
                steps.isEmpty() ? 0 : currentStep + 1, steps.size());
    }
}

package io.plinth.marathon.api;

import java.util.List;

/**
 * A deployment as {@code GET /v2/deployments} shows it. Steps run one after the other; the actions
 * of a step run together. {@code currentStep} counts from 1.
 */
public record Deployment(
        String id,
        String version,
        List<String> affectedApps,
        List<Step> steps,
        List<CurrentAction> currentActions,
        int currentStep,
        int totalSteps) {

    public Deployment {
        affectedApps = List.copyOf(affectedApps);
        steps = List.copyOf(steps);
        currentActions = List.copyOf(currentActions);
    }

    /** Marathon shows pods here; Plinth has none. */
    @com.fasterxml.jackson.annotation.JsonProperty(value = "affectedPods", access = com.fasterxml.jackson.annotation.JsonProperty.Access.READ_ONLY)
    public List<String> affectedPods() {
        return List.of();
    }

    public record Step(List<Action> actions) {
        public Step {
            actions = List.copyOf(actions);
        }
    }

    /** @param action {@code StartApplication}, {@code ScaleApplication}, {@code RestartApplication}, {@code StopApplication} */
    public record Action(String action, String app) {
    }

    public record CurrentAction(String action, String app, List<Object> readinessCheckResults) {
    }
}

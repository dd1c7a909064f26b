package io.plinth.marathon.plan;

import java.util.List;

/**
 * Actions that run together; the next step of a plan starts when all of them are done. Actions are
 * sorted by app id so that equal inputs give equal plans.
 */
public record DeploymentStep(List<DeploymentAction> actions) {

    public DeploymentStep {
        actions = List.copyOf(actions);
    }
}

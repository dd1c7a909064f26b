package io.plinth.marathon.plan;

/**
 * Task counts of one app during a {@link DeploymentAction.RestartApplication}, as the executor sees
 * them when it asks {@link RollingRestart} what to do next. Active = staging, starting or running
 * and not asked to be killed; ready = running and healthy (passing its health checks, or running
 * when the app has none). A task the executor asked to kill counts as neither; a task it asked to
 * launch counts as new active from that moment, before Mesos even sees it.
 *
 * @param target the new definition's instances
 */
public record RestartState(int target, int oldActive, int oldReady, int newActive, int newReady) {

    public RestartState {
        if (target < 0 || oldReady < 0 || newReady < 0 || oldReady > oldActive || newReady > newActive) {
            throw new IllegalArgumentException("inconsistent restart counts: target " + target
                    + ", old " + oldReady + "/" + oldActive + ", new " + newReady + "/" + newActive + " ready/active");
        }
    }
}

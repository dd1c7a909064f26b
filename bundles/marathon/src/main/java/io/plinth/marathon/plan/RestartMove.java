package io.plinth.marathon.plan;

/**
 * What {@link RollingRestart} tells the executor to do now for one restarting app.
 *
 * @param killOld   old tasks to kill: first all old tasks that are not ready, then ready ones
 * @param launchNew new-version tasks to launch
 * @param done      the restart is complete: no old task left and the target number of new tasks ready
 */
public record RestartMove(int killOld, int launchNew, boolean done) {

    public RestartMove {
        if (killOld < 0 || launchNew < 0 || done && (killOld > 0 || launchNew > 0)) {
            throw new IllegalArgumentException("bad restart move: kill " + killOld + ", launch " + launchNew
                    + (done ? ", done" : ""));
        }
    }
}

package io.plinth.marathon.plan;

import io.plinth.marathon.api.UpgradeStrategy;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * The arithmetic of a rolling restart (Marathon's {@code TaskReplaceActor}): given the counts of
 * one app's old and new tasks, how many old ones to kill and new ones to launch now. Stateless and
 * pure; the deployment executor calls {@link #next} whenever the app's tasks change (launch, kill,
 * status update, health change), applies the move, and calls again on the next change.
 *
 * <p>Guarantees, provided the executor kills not-ready old tasks before ready ones and counts tasks
 * as {@link RestartState} says: once {@link #minHealthy} tasks are ready, no kill takes the ready
 * count below it; active tasks never exceed {@link #maxCapacity}; asking again with the counts a
 * move produced gives a move that kills and launches nothing.
 */
public final class RollingRestart {

    /** The next move; {@code done} when no old task is left and {@code target} new ones are ready. */
    public RestartMove next(UpgradeStrategy strategy, RestartState state) {
        Objects.requireNonNull(strategy, "strategy");
        if (state.oldActive() == 0 && state.newReady() >= state.target()) {
            return new RestartMove(0, 0, true);
        }
        int notReadyOld = state.oldActive() - state.oldReady();
        int readyToSpare = state.oldReady() + state.newReady() - minHealthy(strategy, state.target());
        int killOld = notReadyOld + Math.max(0, Math.min(state.oldReady(), readyToSpare));
        int oldLeft = state.oldActive() - killOld;
        int launchNew = Math.max(0, Math.min(state.target() - state.newActive(),
                maxCapacity(strategy, state.target()) - oldLeft - state.newActive()));
        return new RestartMove(killOld, launchNew, false);
    }

    /** {@code ceil(target * minimumHealthCapacity)}, in decimal so that 10 * 0.7 is 7, not 8. */
    public static int minHealthy(UpgradeStrategy strategy, int target) {
        return BigDecimal.valueOf(strategy.minimumHealthCapacity()).multiply(BigDecimal.valueOf(target))
                .setScale(0, RoundingMode.CEILING).intValueExact();
    }

    /**
     * {@code target + floor(target * maximumOverCapacity)}; one more when that equals
     * {@link #minHealthy} (both are then {@code target}): no old task may go before a new one is
     * ready and no new one may start before an old one goes, so, like Marathon for apps without
     * persistent volumes, one task of over-capacity lets the restart progress without losing health.
     */
    public static int maxCapacity(UpgradeStrategy strategy, int target) {
        int capacity = target + BigDecimal.valueOf(strategy.maximumOverCapacity()).multiply(BigDecimal.valueOf(target))
                .setScale(0, RoundingMode.FLOOR).intValueExact();
        return capacity == minHealthy(strategy, target) ? capacity + 1 : capacity;
    }
}

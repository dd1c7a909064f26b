package io.plinth.marathon.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.UpgradeStrategy;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Runs whole restarts against a simulated app: new tasks become ready in random batches, some
 * fail before becoming ready and must be launched again.
 */
class RollingRestartPropertyTest {

    private final RollingRestart restart = new RollingRestart();

    @Property(tries = 2000)
    void restartKeepsHealthAndCapacityAndFinishes(
            @ForAll @IntRange(min = 1, max = 50) int target,
            @ForAll @IntRange(min = 0, max = 100) int minHealthPercent,
            @ForAll @IntRange(min = 0, max = 100) int overCapacityPercent,
            @ForAll @IntRange(min = 0, max = 60) int oldTasks,
            @ForAll @IntRange(min = 0, max = 100) int oldReadyPercent,
            @ForAll @IntRange(min = 0, max = 30) int failureBudget,
            @ForAll Random adversity) {
        UpgradeStrategy strategy = new UpgradeStrategy(minHealthPercent / 100.0, overCapacityPercent / 100.0);
        int minHealthy = RollingRestart.minHealthy(strategy, target);
        int maxCapacity = RollingRestart.maxCapacity(strategy, target);
        int declaredCapacity = target + (int) Math.floor(target * overCapacityPercent / 100.0);
        assertTrue(maxCapacity == declaredCapacity
                || minHealthy == target && declaredCapacity == target && maxCapacity == target + 1);

        Sim sim = new Sim(oldTasks * oldReadyPercent / 100, oldTasks - oldTasks * oldReadyPercent / 100);
        boolean healthyOnce = sim.ready() >= minHealthy;
        int failuresLeft = failureBudget;
        int roundLimit = 2 * (target + failureBudget) + 3;
        for (int round = 0; ; round++) {
            assertTrue(round <= roundLimit, "no finish within " + roundLimit + " rounds: " + sim);
            RestartMove move = restart.next(strategy, sim.state(target));
            if (move.done()) {
                assertEquals(0, sim.oldReady + sim.oldNotReady);
                assertTrue(sim.newReady >= target);
                return;
            }
            assertTrue(move.killOld() <= sim.oldReady + sim.oldNotReady, "kills more than exist: " + move);
            assertTrue(move.launchNew() <= Math.max(0, target - sim.newActive()), "launches beyond target: " + move);
            sim.apply(move);

            assertTrue(sim.oldReady + sim.oldNotReady + sim.newActive() <= maxCapacity,
                    "over capacity " + maxCapacity + ": " + sim);
            if (healthyOnce) {
                assertTrue(sim.ready() >= minHealthy, "below " + minHealthy + " healthy: " + sim);
            }
            RestartMove again = restart.next(strategy, sim.state(target));
            assertEquals(0, again.killOld(), "asked twice to kill");
            assertEquals(0, again.launchNew(), "asked twice to launch");
            assertTrue(again.done() || sim.newPending > 0, "stuck with nothing in flight: " + sim);

            if (sim.newPending > 0) {
                if (failuresLeft > 0 && adversity.nextInt(3) == 0) {
                    int failed = 1 + adversity.nextInt(Math.min(sim.newPending, failuresLeft));
                    sim.newPending -= failed;
                    failuresLeft -= failed;
                } else {
                    int becameReady = 1 + adversity.nextInt(sim.newPending);
                    sim.newPending -= becameReady;
                    sim.newReady += becameReady;
                }
            }
            healthyOnce |= sim.ready() >= minHealthy;
        }
    }

    /** Task counts of the simulated app; new tasks are pending (staging, not yet healthy) or ready. */
    private static final class Sim {
        int oldReady;
        int oldNotReady;
        int newPending;
        int newReady;

        Sim(int oldReady, int oldNotReady) {
            this.oldReady = oldReady;
            this.oldNotReady = oldNotReady;
        }

        int newActive() {
            return newPending + newReady;
        }

        int ready() {
            return oldReady + newReady;
        }

        RestartState state(int target) {
            return new RestartState(target, oldReady + oldNotReady, oldReady, newActive(), newReady);
        }

        /** Kills not-ready old tasks first, as the move's contract asks. */
        void apply(RestartMove move) {
            int notReadyKilled = Math.min(move.killOld(), oldNotReady);
            oldNotReady -= notReadyKilled;
            oldReady -= move.killOld() - notReadyKilled;
            newPending += move.launchNew();
        }

        @Override
        public String toString() {
            return "old " + oldReady + " ready + " + oldNotReady + " not, new " + newReady + " ready + "
                    + newPending + " pending";
        }
    }
}

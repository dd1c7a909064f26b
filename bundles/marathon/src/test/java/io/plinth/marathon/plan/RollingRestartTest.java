package io.plinth.marathon.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plinth.marathon.api.UpgradeStrategy;
import org.junit.jupiter.api.Test;

class RollingRestartTest {

    private final RollingRestart restart = new RollingRestart();

    private RestartMove next(double minHealth, double overCapacity, int target, int oldActive, int oldReady,
                             int newActive, int newReady) {
        return restart.next(new UpgradeStrategy(minHealth, overCapacity),
                new RestartState(target, oldActive, oldReady, newActive, newReady));
    }

    @Test
    void defaultStrategyLaunchesAllNewBeforeKillingOld() {
        assertEquals(new RestartMove(0, 4, false), next(1, 1, 4, 4, 4, 0, 0));
        assertEquals(new RestartMove(1, 0, false), next(1, 1, 4, 4, 4, 4, 1));
        assertEquals(new RestartMove(3, 0, false), next(1, 1, 4, 3, 3, 4, 4));
        assertEquals(new RestartMove(0, 0, true), next(1, 1, 4, 0, 0, 4, 4));
    }

    @Test
    void halfHealthNoOverCapacityReplacesAsNewTasksGetReady() {
        assertEquals(new RestartMove(2, 2, false), next(0.5, 0, 4, 4, 4, 0, 0));
        assertEquals(new RestartMove(0, 0, false), next(0.5, 0, 4, 2, 2, 2, 0));
        assertEquals(new RestartMove(1, 1, false), next(0.5, 0, 4, 2, 2, 2, 1));
        assertEquals(new RestartMove(1, 1, false), next(0.5, 0, 4, 1, 1, 3, 3));
    }

    @Test
    void zeroHealthKillsEverythingAtOnce() {
        assertEquals(new RestartMove(5, 5, false), next(0, 0, 5, 5, 5, 0, 0));
    }

    @Test
    void notReadyOldTasksAreKilledFreely() {
        assertEquals(new RestartMove(2, 3, false), next(1, 0.2, 5, 5, 3, 0, 0));
    }

    @Test
    void noRoomEitherWayAllowsOneTaskOfOverCapacity() {
        UpgradeStrategy strict = new UpgradeStrategy(1, 0);
        assertEquals(3, RollingRestart.minHealthy(strict, 3));
        assertEquals(4, RollingRestart.maxCapacity(strict, 3));
        assertEquals(new RestartMove(0, 1, false), next(1, 0, 3, 3, 3, 0, 0));
        assertEquals(new RestartMove(1, 1, false), next(1, 0, 3, 3, 3, 1, 1));
    }

    @Test
    void capacityArithmeticIsDecimal() {
        assertEquals(7, RollingRestart.minHealthy(new UpgradeStrategy(0.7, 0), 10));
        assertEquals(13, RollingRestart.maxCapacity(new UpgradeStrategy(0.7, 0.3), 10));
        assertEquals(2, RollingRestart.minHealthy(new UpgradeStrategy(0.34, 0), 5));
        assertEquals(6, RollingRestart.maxCapacity(new UpgradeStrategy(0, 0.39), 5));
    }

    @Test
    void scaleToZeroRestartJustKills() {
        assertEquals(new RestartMove(3, 0, false), next(1, 1, 0, 3, 3, 0, 0));
        assertEquals(new RestartMove(0, 0, true), next(1, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void inconsistentCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RestartState(1, 1, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RestartState(1, 0, 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new RestartState(-1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new RestartMove(1, 0, true));
    }
}

package io.plinth.marathon.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.QueueItem;
import java.util.List;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** The launch backoff after failed tasks. */
class SchedulerCoreBackoffTest {

    private final CoreHarness h = new CoreHarness();

    private void failed(String taskId) {
        h.updates(TaskState.TASK_FAILED, List.of(taskId));
    }

    private QueueItem.Delay delay() {
        assertEquals(1, h.core.queue().size(), "one app waits: " + h.core.queue());
        return h.core.queue().get(0).delay();
    }

    @Test
    void aFailedTaskIsReplacedOnlyAfterBackoffSeconds() {
        String task = h.createRunning(h.app("/web", 1, "'backoffSeconds':10,'backoffFactor':2")).get(0);

        failed(task);

        assertEquals(new QueueItem.Delay(10, false), delay());
        assertEquals(1, h.core.queue().get(0).count());
        assertEquals("TASK_FAILED", h.core.lastTaskFailure("/web").orElseThrow().state());
        h.clock.advanceSeconds(9);
        assertTrue(h.offersLaunch(1).isEmpty(), "still backing off");
        h.clock.advanceSeconds(1);
        assertEquals(new QueueItem.Delay(0, true), delay());
        assertEquals(1, h.offersLaunch(1).size());
    }

    @Test
    void theBackoffGrowsByTheFactorWithEachFailure() {
        String task = h.createRunning(h.app("/web", 1, "'backoffSeconds':10,'backoffFactor':2")).get(0);
        failed(task);
        h.clock.advanceSeconds(10);
        String second = h.offersLaunch(1).get(0);
        h.running(List.of(second));

        failed(second);

        assertEquals(new QueueItem.Delay(20, false), delay());
        h.clock.advanceSeconds(19);
        assertTrue(h.offersLaunch(1).isEmpty());
        h.clock.advanceSeconds(1);
        assertEquals(1, h.offersLaunch(1).size());
    }

    @Test
    void theBackoffIsCappedAtMaxLaunchDelay() {
        String task = h.createRunning(h.app("/web", 1,
                "'backoffSeconds':10,'backoffFactor':5,'maxLaunchDelaySeconds':30")).get(0);
        failed(task);
        h.clock.advanceSeconds(10);
        String second = h.offersLaunch(1).get(0);

        failed(second);

        assertEquals(30, delay().timeLeftSeconds());
    }

    @Test
    void resetDelayAllowsTheLaunchAtOnce() {
        String task = h.createRunning(h.app("/web", 1, "'backoffSeconds':600")).get(0);
        failed(task);
        assertTrue(h.offersLaunch(1).isEmpty());

        h.core.resetDelay("/web");

        assertEquals(new QueueItem.Delay(0, true), delay());
        assertEquals(1, h.offersLaunch(1).size());
    }

    @Test
    void aKilledTaskDoesNotBackOff() {
        String task = h.createRunning(h.app("/web", 1, "'backoffSeconds':600")).get(0);
        h.core.killTasks(List.of(task), false, false, false, false);

        h.killed(List.of(task));

        assertEquals(1, h.offersLaunch(1).size());
        assertTrue(h.core.lastTaskFailure("/web").isEmpty());
    }

    /** With 0.5 s of backoff left the queue says 1 s and not overdue: offers are still declined. */
    @Test
    void theQueueSaysOverdueOnlyWhenALaunchIsAllowed() {
        String task = h.createRunning(h.app("/web", 1, "'backoffSeconds':10")).get(0);
        failed(task);
        h.clock.advanceSeconds(9.5);

        boolean launches = !h.offersLaunch(1).isEmpty();

        assertFalse(launches, "0.5 s of backoff left");
        assertEquals(new QueueItem.Delay(1, false), delay());
    }
}

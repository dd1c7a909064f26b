package io.plinth.marathon.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.QueueItem;
import io.plinth.marathon.core.CoreHarness;
import io.plinth.marathon.core.InMemoryMarathonStore;
import io.plinth.rest.api.ApiException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler thread: changes queued together are committed together; reads see a converged core. */
class SchedulerThreadTest {

    private static final int CHANGES = 5;

    private final ObjectMapper mapper = new ObjectMapper();
    private final InMemoryMarathonStore store = new InMemoryMarathonStore();
    private final CountDownLatch steppedDown = new CountDownLatch(1);
    private final SchedulerThread thread = new SchedulerThread(CoreHarness.coreOn(store), Duration.ofSeconds(10),
            steppedDown::countDown);
    private final ExecutorService clients = Executors.newFixedThreadPool(CHANGES);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        clients.shutdownNow();
        thread.close();
    }

    /** Makes the scheduler thread wait until {@link #release} counts down; returns once it waits. */
    private void hold() throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        thread.post(c -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(10, TimeUnit.SECONDS), "the scheduler thread is held");
    }

    private void awaitQueued(int inputs) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.queued() < inputs && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(inputs, thread.queued(), "the inputs queue behind the held thread");
    }

    /** Holds the scheduler thread, queues {@link #CHANGES} app creations behind it, lets go. */
    private List<Future<DeploymentResult>> queuedChanges() throws Exception {
        hold();
        List<Future<DeploymentResult>> answers = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            JsonNode app = mapper.readTree("{\"id\":\"/app" + i + "\",\"cmd\":\"sleep 100\",\"cpus\":0.1,\"mem\":32}");
            answers.add(clients.submit(() -> thread.change(c -> c.createApp(app, false).deployment())));
        }
        awaitQueued(CHANGES);
        release.countDown();
        return answers;
    }

    @Test
    void changesQueuedTogetherShareOneCommit() throws Exception {
        List<Future<DeploymentResult>> answers = queuedChanges();

        Set<String> versions = new HashSet<>();
        Set<String> deployments = new HashSet<>();
        for (Future<DeploymentResult> answer : answers) {
            DeploymentResult result = answer.get(10, TimeUnit.SECONDS);
            versions.add(result.version());
            deployments.add(result.deploymentId());
        }
        assertEquals(1, versions.size(), "one group, one version");
        assertEquals(CHANGES, deployments.size());
        assertEquals(List.copyOf(versions), store.rootVersions(), "one root version stored");
        assertEquals(CHANGES, store.currentApps().size());
        int apps = thread.call(c -> c.root().apps().size());
        assertEquals(CHANGES, apps);
    }

    @Test
    void aGroupTheStoreRefusesIs503AndTheMasterStepsDown() throws Exception {
        store.failWrites();
        List<Future<DeploymentResult>> answers = queuedChanges();

        for (Future<DeploymentResult> answer : answers) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertEquals(503, ((ApiException) e.getCause()).status());
        }
        assertTrue(steppedDown.await(10, TimeUnit.SECONDS), "the master steps down");
        ApiException later = assertThrows(ApiException.class, () -> thread.call(c -> c.root()));
        assertEquals(503, later.status(), "the core, ahead of the store, answers nothing more");
        assertTrue(store.rootVersions().isEmpty());
    }

    @Test
    void aReadQueuedBehindAStatusUpdateSeesItConverged() throws Exception {
        JsonNode app = mapper.readTree("{\"id\":\"/a\",\"cmd\":\"sleep 100\",\"cpus\":0.1,\"mem\":32,\"instances\":1}");
        thread.change(c -> c.createApp(app, false));
        thread.post(c -> c.offers(List.of(CoreHarness.offer("offer-1", 1))));
        String taskId = thread.call(c -> c.tasks("/a")).get(0).id();
        assertTrue(thread.call(c -> c.queue()).isEmpty(), "the one instance launched");

        // the task fails and a client asks for the queue before the thread's next converging pass
        hold();
        thread.post(c -> c.update(Protos.TaskStatus.newBuilder().setTaskId(Protos.TaskID.newBuilder().setValue(taskId))
                .setAgentId(Protos.AgentID.newBuilder().setValue("agent-1")).setState(Protos.TaskState.TASK_FAILED).build()));
        Future<List<QueueItem>> queue = clients.submit(() -> thread.call(c -> c.queue()));
        awaitQueued(2);
        release.countDown();

        assertEquals(List.of("/a"), queue.get(10, TimeUnit.SECONDS).stream().map(q -> q.app().id()).toList(),
                "the failed instance waits to be replaced");
    }
}

package io.plinth.zookeeper.impl;

import io.plinth.zookeeper.api.EnsembleStatus;
import io.plinth.zookeeper.api.MemberStatus;
import io.plinth.zookeeper.ensemble.ProbeTarget;
import io.plinth.zookeeper.ensemble.SrvrAnswers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * {@link EnsembleStatus} by asking every member {@code srvr}, all at once, so that dead members cost
 * one timeout in total rather than one each.
 *
 * <p>Reads the same configuration as {@link EmbeddedZooKeeper} but does not depend on it: the status
 * of an ensemble whose local member failed to start is what an operator needs most.
 */
@Component(service = EnsembleStatus.class, configurationPid = ZooKeeperConfig.PID)
public final class ZooKeeperEnsembleStatus implements EnsembleStatus, AutoCloseable {

    /** Exhibitor's status answers within ~2 s; this leaves room for the HTTP round trip. */
    static final Duration ANSWER_TIMEOUT = Duration.ofMillis(1500);
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(1000);
    /** What a probe may overrun its deadline by (thread scheduling) before it is counted down. */
    private static final long GRACE_MILLIS = 200;

    private final List<ProbeTarget> targets;
    private final Duration answerTimeout;
    private final SrvrProbe probe;
    private final ThreadPoolExecutor probes;

    @Activate
    public ZooKeeperEnsembleStatus(ZooKeeperConfig config, BundleContext context) {
        this(Settings.from(config, context.getProperty("karaf.data")).statusTargets(), CONNECT_TIMEOUT,
                ANSWER_TIMEOUT);
    }

    public ZooKeeperEnsembleStatus(List<ProbeTarget> targets, Duration connectTimeout, Duration answerTimeout) {
        this.targets = List.copyOf(targets);
        this.answerTimeout = answerTimeout;
        this.probe = new SrvrProbe((int) connectTimeout.toMillis());
        AtomicInteger threads = new AtomicInteger();
        // One thread per member asks them all at once; idle threads go away between calls.
        int threadCount = Math.max(1, this.targets.size());
        this.probes = new ThreadPoolExecutor(threadCount, threadCount, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "zookeeper-status-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.probes.allowCoreThreadTimeOut(true);
    }

    @Override
    public List<MemberStatus> members() {
        long deadline = System.nanoTime() + answerTimeout.toNanos();
        List<Future<MemberStatus>> answers = new ArrayList<>(targets.size());
        try {
            for (ProbeTarget target : targets) {
                answers.add(probes.submit(() -> probe.probe(target, deadline)));
            }
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the ensemble status is closed", e);
        }
        List<MemberStatus> members = new ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            members.add(await(answers.get(i), targets.get(i), deadline));
        }
        return List.copyOf(members);
    }

    @Deactivate
    @Override
    public void close() {
        probes.shutdownNow();
    }

    private static MemberStatus await(Future<MemberStatus> answer, ProbeTarget target, long deadline) {
        long waitMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + GRACE_MILLIS;
        try {
            return answer.get(Math.max(0, waitMillis), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // Only a slow name lookup outlasts the probe's own deadline: the member is not reachable.
            answer.cancel(true);
            return SrvrAnswers.down(target.hostname());
        } catch (ExecutionException e) {
            // The probe turns every network failure into a status; anything else found nothing either.
            return SrvrAnswers.down(target.hostname());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return SrvrAnswers.down(target.hostname());
        }
    }
}

package io.plinth.coordination.election;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plinth.coordination.api.ClusterSingleton;

/**
 * The cluster singletons of one group on this node, and this node's election for the group. Every
 * call of {@link ClusterSingleton#start()} and {@link ClusterSingleton#stop()} for the group happens
 * on the group's one thread, so per singleton they strictly alternate and never overlap.
 */
final class GroupLeadership {

    private static final Logger LOG = LoggerFactory.getLogger(GroupLeadership.class);

    private final String group;
    /** Makes and starts an election with a fresh participant, telling the given listener. */
    private final Function<ElectionListener, Election> elections;
    private final Duration rejoinBackoff;
    private final ScheduledThreadPoolExecutor thread;
    private volatile boolean leading;

    // Group thread only
    private final List<ClusterSingleton> singletons = new ArrayList<>();
    private final Set<ClusterSingleton> started = Collections.newSetFromMap(new IdentityHashMap<>());
    private Election election;
    /** Tells events of the current election from late ones of an election already closed. */
    private long term;
    private ScheduledFuture<?> rejoin;
    private boolean closed;

    GroupLeadership(String group, Function<ElectionListener, Election> elections, Duration rejoinBackoff) {
        this.group = group;
        this.elections = elections;
        this.rejoinBackoff = rejoinBackoff;
        this.thread = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread t = new Thread(runnable, "plinth-leadership-" + group);
            t.setDaemon(true);
            return t;
        });
        thread.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    boolean isLeading() {
        return leading;
    }

    void add(ClusterSingleton singleton) {
        submit(() -> added(singleton));
    }

    void remove(ClusterSingleton singleton) {
        submit(() -> removed(singleton));
    }

    /** Stops the singletons this node runs for the group and leaves the election; does not wait. */
    void close() {
        submit(this::shutdown);
        thread.shutdown();
    }

    /** Waits until {@link #close()} has stopped every singleton; false on timeout. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return thread.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void submit(Runnable task) {
        try {
            thread.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing runs any more
        }
    }

    private void added(ClusterSingleton singleton) {
        if (closed || contains(singleton)) {
            return;
        }
        singletons.add(singleton);
        if (leading) {
            if (!start(singleton)) {
                giveUp();
            }
        } else if (election == null && rejoin == null) {
            join();
        }
    }

    private void removed(ClusterSingleton singleton) {
        if (!singletons.removeIf(s -> s == singleton)) {
            return;
        }
        if (started.remove(singleton)) {
            stop(singleton);
        }
        if (singletons.isEmpty()) {
            // Nothing left to lead for: leave, so another node's singletons can run.
            if (leading) {
                LOG.info("This node gives up the leadership of group '{}': its last singleton is gone", group);
            }
            cancelRejoin();
            leaveElection();
            setLeading(false);
        }
    }

    private void leadershipChanged(long ofTerm, boolean nowLeading) {
        if (ofTerm != term || closed) {
            return; // from an election already left
        }
        if (nowLeading && !leading) {
            setLeading(true);
            LOG.info("This node now leads group '{}' as {}", group, election.participant().id());
            for (ClusterSingleton singleton : List.copyOf(singletons)) {
                if (!start(singleton)) {
                    giveUp();
                    return;
                }
            }
        } else if (!nowLeading && leading) {
            setLeading(false);
            LOG.info("This node lost the leadership of group '{}'", group);
            stopAll();
        }
    }

    private boolean start(ClusterSingleton singleton) {
        try {
            singleton.start();
            started.add(singleton);
            return true;
        } catch (Exception | LinkageError e) {
            LOG.error("Cluster singleton {} of group '{}' failed to start", singleton, group, e);
            stop(singleton); // may have begun some of its work
            return false;
        }
    }

    private void stop(ClusterSingleton singleton) {
        try {
            singleton.stop();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("Cluster singleton {} of group '{}' failed to stop", singleton, group, e);
        }
    }

    private void stopAll() {
        List<ClusterSingleton> running = new ArrayList<>(singletons);
        running.removeIf(s -> !started.contains(s));
        Collections.reverse(running); // last started, first stopped
        started.clear();
        running.forEach(this::stop);
    }

    /** A singleton failed to start: let another node lead, and stand again after the back-off. */
    private void giveUp() {
        setLeading(false);
        stopAll();
        leaveElection();
        LOG.warn("This node gave up the leadership of group '{}' because a singleton failed to start; "
                + "it stands again in {} ms", group, rejoinBackoff.toMillis());
        try {
            rejoin = thread.schedule(this::rejoin, rejoinBackoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // no rejoining
        }
    }

    private void rejoin() {
        rejoin = null;
        if (!closed && election == null && !singletons.isEmpty()) {
            join();
        }
    }

    private void join() {
        long ofTerm = ++term;
        election = elections.apply(nowLeading -> submit(() -> leadershipChanged(ofTerm, nowLeading)));
        LOG.debug("This node stands for group '{}' as {}", group, election.participant().id());
    }

    private void leaveElection() {
        term++;
        if (election != null) {
            election.close();
            election = null;
        }
    }

    private void cancelRejoin() {
        if (rejoin != null) {
            rejoin.cancel(false);
            rejoin = null;
        }
    }

    private void shutdown() {
        closed = true;
        cancelRejoin();
        if (leading) {
            LOG.info("This node gives up the leadership of group '{}': coordination is stopping", group);
        }
        setLeading(false);
        stopAll();
        leaveElection();
        singletons.clear();
    }

    private void setLeading(boolean now) {
        leading = now;
    }

    private boolean contains(ClusterSingleton singleton) {
        return singletons.stream().anyMatch(s -> s == singleton);
    }
}

package io.plinth.bench;

import io.plinth.allocator.api.AgentProfile;
import io.plinth.allocator.api.Allocator;
import io.plinth.allocator.api.AllocatorSettings;
import io.plinth.allocator.api.Allocators;
import io.plinth.allocator.api.FrameworkProfile;
import io.plinth.mesos.api.resources.Resources;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many simple tasks (0.1 cpu, 32 MB) per second go through the allocator and the resource
 * arithmetic a master does for them, in a steady state.
 *
 * <p>One round: an allocation cycle offers every agent's free resources; each offer is filled with
 * tasks while it holds one and the round's demand lasts (each placement takes the task's resources
 * out of the offer); the remainder of every offer is declined (recovered, no filter); then the tasks
 * placed in the previous round finish, each returning its resources on its own, as the master does
 * on every terminal status update. The {@code placements} counter is the figure: tasks placed per
 * second, everything of the round included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PlacementThroughputBenchmark {

    static final String AGENT = "cpus:16;mem:65536;disk:500000;ports:[31000-32000]";
    static final Resources TASK = Resources.parse("cpus:0.1;mem:32");

    @Param({"1000"})
    int agents;

    @Param({"10"})
    int frameworks;

    /** Tasks waiting to be placed at each round, over all frameworks. */
    @Param({"10000"})
    int demand;

    private Allocator allocator;
    private final List<Offer> offers = new ArrayList<>();
    private List<Offer> running = new ArrayList<>();

    record Offer(String framework, String agent, Resources resources) {
    }

    /** Reported by JMH as a rate next to the round rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Placements {
        public long placements;

        @Setup(Level.Iteration)
        public void reset() {
            placements = 0;
        }
    }

    @Setup(Level.Trial)
    public void buildCluster() {
        allocator = Allocators.drf(Clock.systemUTC(), AllocatorSettings.defaults(), (framework, offered) ->
                offered.forEach((role, byAgent) -> byAgent.forEach((agent, resources) ->
                        offers.add(new Offer(framework, agent, resources)))));
        Resources total = Resources.parse(AGENT);
        for (int i = 0; i < agents; i++) {
            allocator.addAgent("agent-" + i, new AgentProfile("host-" + i), total, Map.of());
        }
        for (int i = 0; i < frameworks; i++) {
            allocator.addFramework("framework-" + i, FrameworkProfile.of("role-" + i), Map.of(), true);
        }
    }

    @Benchmark
    public int round(Placements counter) {
        offers.clear();
        allocator.allocate();
        List<Offer> placed = new ArrayList<>(demand);
        int waiting = demand;
        for (Offer offer : offers) {
            Resources left = offer.resources();
            while (waiting > 0 && left.contains(TASK)) {
                left = left.minus(TASK);
                placed.add(new Offer(offer.framework(), offer.agent(), TASK));
                waiting--;
            }
            allocator.recoverResources(offer.framework(), offer.agent(), left, null);
        }
        for (Offer task : running) {
            allocator.recoverResources(task.framework(), task.agent(), task.resources(), null);
        }
        running = placed;
        counter.placements += placed.size();
        return placed.size();
    }
}

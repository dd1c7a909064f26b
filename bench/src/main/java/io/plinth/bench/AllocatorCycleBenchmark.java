package io.plinth.bench;

import io.plinth.allocator.api.AgentProfile;
import io.plinth.allocator.api.Allocator;
import io.plinth.allocator.api.AllocatorSettings;
import io.plinth.allocator.api.Allocators;
import io.plinth.allocator.api.FrameworkProfile;
import io.plinth.mesos.api.resources.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * One {@code allocate()} cycle of the DRF allocator in a steady state, as the master runs it every
 * allocation interval.
 *
 * <ul>
 *   <li>{@code RECOVERED}: before each measured cycle (untimed) every framework gives back
 *       everything it was offered, without a filter. So every cycle finds every agent entirely free
 *       and really allocates all of them: the most work a cycle can have. This is the state to
 *       compare with Mesos' allocator benchmark, whose frameworks keep declining so that each run
 *       re-offers the agents.</li>
 *   <li>{@code DECLINED_5S}: frameworks decline every offer with Mesos' default filter of 5 s
 *       (refuse_seconds) and the clock moves on by the allocation interval (1 s) before each cycle,
 *       as with idle frameworks that do not suppress. Each agent is then filtered for the last few
 *       frameworks that declined it and goes to another one; with a single framework, four cycles
 *       out of five find every agent filtered.</li>
 * </ul>
 *
 * Frameworks are spread over {@value #ROLES} roles (framework i has role {@code role-(i % 10)}), so
 * both levels of the hierarchy are sorted. The offer callback only records the offers.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class AllocatorCycleBenchmark {

    static final String AGENT = "cpus:16;mem:65536;disk:500000;ports:[31000-32000]";
    static final int ROLES = 10;

    @Param({"1000", "5000", "10000"})
    int agents;

    @Param({"1", "50", "1000"})
    int frameworks;

    @Param({"RECOVERED", "DECLINED_5S"})
    String state;

    private final MovableClock clock = new MovableClock();
    private Allocator allocator;
    private final List<Offer> outstanding = new ArrayList<>();

    record Offer(String framework, String agent, Resources resources) {
    }

    @Setup(Level.Trial)
    public void buildCluster() {
        allocator = Allocators.drf(clock, AllocatorSettings.defaults(), (framework, offered) ->
                offered.forEach((role, byAgent) -> byAgent.forEach((agent, resources) ->
                        outstanding.add(new Offer(framework, agent, resources)))));
        Resources total = Resources.parse(AGENT);
        for (int i = 0; i < agents; i++) {
            allocator.addAgent("agent-" + i, new AgentProfile("host-" + i), total, Map.of());
        }
        for (int i = 0; i < frameworks; i++) {
            allocator.addFramework("framework-" + i, FrameworkProfile.of("role-" + (i % ROLES)), Map.of(), true);
        }
        allocator.allocate();
    }

    @Setup(Level.Invocation)
    public void declineEverything() {
        Duration refuse = state.equals("DECLINED_5S") ? Duration.ofSeconds(5) : null;
        for (Offer offer : outstanding) {
            allocator.recoverResources(offer.framework(), offer.agent(), offer.resources(), refuse);
        }
        outstanding.clear();
        clock.advance(Duration.ofSeconds(1));
    }

    @Benchmark
    public int cycle() {
        allocator.allocate();
        return outstanding.size();
    }

    /** Time as the benchmark moves it: one allocation interval per cycle. */
    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

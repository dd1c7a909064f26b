package io.plinth.marathon.match;

import static io.plinth.marathon.match.MatchFixtures.app;
import static io.plinth.marathon.match.MatchFixtures.matcher;
import static io.plinth.marathon.match.MatchFixtures.offer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.PortDefinition;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Invariants of {@link OfferMatcher#match} over random offers and launch queues. */
class OfferMatcherPropertiesTest {

    /** One offer: amounts in tenths of a cpu and MB; ports as a count from a base per offer. */
    record OfferSpec(int agent, int tenthsCpu, int mem, int disk, int ports, int publicTenthsCpu, int publicMem,
                     int publicPorts) {
    }

    record AppSpec(int tenthsCpu, int mem, int disk, int ports, boolean requirePorts, int roles, boolean unique,
                   int count) {
    }

    @Provide
    Arbitrary<List<OfferSpec>> offers() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 60),
                        Arbitraries.integers().between(0, 4096), Arbitraries.integers().between(0, 500),
                        Arbitraries.integers().between(0, 12), Arbitraries.integers().between(0, 30),
                        Arbitraries.integers().between(0, 2048), Arbitraries.integers().between(0, 6))
                .as(OfferSpec::new).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<AppSpec>> apps() {
        return Combinators.combine(Arbitraries.integers().between(1, 25), Arbitraries.integers().between(1, 1024),
                        Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 3),
                        Arbitraries.of(true, false), Arbitraries.integers().between(0, 2), Arbitraries.of(true, false),
                        Arbitraries.integers().between(0, 8))
                .as(AppSpec::new).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 300)
    void launchesStayWithinOffersAndNeverShareAPort(@ForAll("offers") List<OfferSpec> offerSpecs,
                                                    @ForAll("apps") List<AppSpec> appSpecs) {
        List<OfferView> offers = new ArrayList<>();
        Map<String, Integer> offersPerAgent = new HashMap<>();
        for (int i = 0; i < offerSpecs.size(); i++) {
            OfferSpec s = offerSpecs.get(i);
            int nth = offersPerAgent.merge("a" + s.agent(), 1, Integer::sum);
            // offers of one agent hold disjoint ports, as the master's offers do
            int base = 31000 + nth * 100;
            StringBuilder r = new StringBuilder()
                    .append("cpus:").append(s.tenthsCpu() / 10.0).append(";mem:").append(s.mem())
                    .append(";disk:").append(s.disk())
                    .append(";cpus(slave_public):").append(s.publicTenthsCpu() / 10.0)
                    .append(";mem(slave_public):").append(s.publicMem());
            if (s.ports() > 0) {
                r.append(";ports:[").append(base).append('-').append(base + s.ports() - 1).append(']');
            }
            if (s.publicPorts() > 0) {
                r.append(";ports(slave_public):[").append(base + 50).append('-')
                        .append(base + 50 + s.publicPorts() - 1).append(']');
            }
            offers.add(offer("o" + i, "a" + s.agent(), "h" + s.agent(), r.toString(), ""));
        }
        List<PendingLaunch> pending = new ArrayList<>();
        for (int i = 0; i < appSpecs.size(); i++) {
            AppSpec s = appSpecs.get(i);
            var app = app("/app" + i).cpus(s.tenthsCpu() / 10.0).mem(s.mem()).disk(s.disk());
            List<PortDefinition> ports = new ArrayList<>();
            for (int p = 0; p < s.ports(); p++) {
                // required ports fall inside the offered ranges sometimes, not always
                ports.add(MatchFixtures.port(s.requirePorts() ? 31100 + p * 3 : 10000 + p, null));
            }
            app.ports(ports.toArray(PortDefinition[]::new));
            if (s.requirePorts()) {
                app.requirePorts();
            }
            switch (s.roles()) {
                case 1 -> app.roles("slave_public");
                case 2 -> app.roles("*", "slave_public");
                default -> { }
            }
            if (s.unique()) {
                app.constraint("hostname", "UNIQUE");
            }
            pending.add(app.pending(s.count()));
        }

        MatchResult result = matcher("*").match(offers, pending, List.of());

        Map<String, Resources> usedPerOffer = new HashMap<>();
        Map<String, Set<Integer>> portsPerAgent = new HashMap<>();
        Map<String, Long> launchesPerApp = result.launches().stream()
                .collect(Collectors.groupingBy(l -> l.app().id(), Collectors.counting()));
        for (Launch launch : result.launches()) {
            Resources task = Resources.fromProto(launch.task().getResourcesList());
            usedPerOffer.merge(launch.offerId(), task, Resources::plus);
            AppDefinition app = launch.app();
            List<String> accepted = app.acceptedResourceRoles() == null ? List.of("*") : app.acceptedResourceRoles();
            assertTrue(accepted.containsAll(task.roles()), "roles " + task.roles() + " for " + accepted);
            assertEquals(app.portDefinitions().size(), launch.hostPorts().size());
            List<Long> taskPorts = task.ranges("ports").stream()
                    .flatMap(range -> java.util.stream.LongStream.rangeClosed(range.begin(), range.end()).boxed())
                    .toList();
            assertEquals(launch.hostPorts().stream().map(Long::valueOf).sorted().toList(), taskPorts);
            if (app.requirePorts()) {
                assertEquals(app.ports(), launch.hostPorts());
            }
            for (int port : launch.hostPorts()) {
                assertTrue(portsPerAgent.computeIfAbsent(launch.agentId(), a -> new HashSet<>()).add(port),
                        "port " + port + " twice on " + launch.agentId());
            }
        }
        for (OfferView offer : offers) {
            Resources used = usedPerOffer.getOrDefault(offer.offerId(), Resources.empty());
            assertTrue(offer.resources().contains(used), offer.resources() + " does not hold " + used);
            assertEquals(usedPerOffer.containsKey(offer.offerId()), !result.unusedOfferIds().contains(offer.offerId()));
        }
        for (PendingLaunch p : pending) {
            long launched = launchesPerApp.getOrDefault(p.app().id(), 0L);
            assertTrue(launched <= p.count());
            if (!p.app().constraints().isEmpty()) {
                long hosts = result.launches().stream().filter(l -> l.app().id().equals(p.app().id()))
                        .map(Launch::hostname).distinct().count();
                assertEquals(launched, hosts, "UNIQUE hostname");
            }
        }
    }

    @Property(tries = 100)
    void aLoneAppFillsAnOfferAsFarAsItsResourcesGo(@ForAll("offers") List<OfferSpec> offerSpecs) {
        OfferSpec s = offerSpecs.get(0);
        OfferView offer = offer("o", "a", "h", "cpus:" + s.tenthsCpu() / 10.0 + ";mem:" + s.mem(), "");
        MatchResult result = matcher("*").match(List.of(offer),
                List.of(app("/x").cpus(0.5).mem(64).pending(1000)), List.of());

        long expected = Math.min(s.tenthsCpu() / 5, s.mem() / 64);
        assertEquals(expected, result.launches().size());
    }
}

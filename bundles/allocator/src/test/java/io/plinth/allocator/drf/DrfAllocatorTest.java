package io.plinth.allocator.drf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.allocator.api.AgentProfile;
import io.plinth.allocator.api.AllocatorSettings;
import io.plinth.allocator.api.AllocatorSnapshot;
import io.plinth.allocator.api.FrameworkProfile;
import io.plinth.allocator.drf.Harness.Offer;
import io.plinth.mesos.api.resources.Resources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DrfAllocatorTest {

    private static final String AGENT = "cpus:4;mem:8192;disk:1000;ports:[31000-32000]";

    private static Resources r(String text) {
        return Resources.parse(text);
    }

    private static Offer offer(String framework, String role, String agent, String resources) {
        return new Offer(framework, role, agent, r(resources));
    }

    @Test
    void offersAWholeAgentOnceAndCountsItAsAllocated() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*");
        assertEquals(List.of(offer("f1", "*", "a1", AGENT)), h.allocate());
        assertEquals(List.of(), h.allocate(), "nothing is free until recovered");
        AllocatorSnapshot s = h.allocator.snapshot();
        assertEquals(r(AGENT), s.frameworks().get("f1").allocated());
        assertEquals(r(AGENT), s.agents().get("a1").allocated());
        assertEquals(r(AGENT), s.roles().get("*").allocated());
        assertEquals(1.0, s.frameworks().get("f1").dominantShare());
        assertEquals(2, s.allocationRuns());
    }

    @Test
    void recoveredResourcesAreOfferedAgain() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*");
        h.allocate();
        // a task took cpus:1;mem:1024;ports:[31000-31000], the rest of the offer comes back
        h.allocator.recoverResources("f1", "a1", r("cpus:3;mem:7168;disk:1000;ports:[31001-32000]"), null);
        assertEquals(List.of(offer("f1", "*", "a1", "cpus:3;mem:7168;disk:1000;ports:[31001-32000]")), h.allocate());
        // the task ends
        h.allocator.recoverResources("f1", "a1", r("cpus:1;mem:1024;ports:[31000-31000]"), Duration.ZERO);
        assertEquals(List.of(offer("f1", "*", "a1", "cpus:1;mem:1024;ports:[31000-31000]")), h.allocate());
    }

    @Test
    void declineFilterHoldsUntilTheClockPassesItsExpiry() {
        Harness h = new Harness().agent("a1", AGENT).agent("a2", AGENT).framework("f1", "*");
        List<Offer> first = h.allocate();
        assertEquals(2, first.size());
        h.recover(first.get(0), Duration.ofSeconds(5)); // a1 declined for 5 s
        h.recover(first.get(1), null);                   // a2 declined without filter
        assertEquals(List.of(offer("f1", "*", "a2", AGENT)), h.allocate());
        h.allocator.recoverResources("f1", "a2", r(AGENT), null);
        h.clock.advance(Duration.ofMillis(4999));
        assertEquals(List.of(offer("f1", "*", "a2", AGENT)), h.allocate());
        assertEquals(Set.of("a1"), h.allocator.snapshot().frameworks().get("f1").filters().keySet());
        h.clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(offer("f1", "*", "a1", AGENT)), h.allocate());
        assertEquals(Map.of(), h.allocator.snapshot().frameworks().get("f1").filters());
    }

    @Test
    void aFilteredAgentGoesToTheNextFramework() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*").framework("f2", "*");
        assertEquals("f1", h.allocate().get(0).framework(), "equal shares: ids break the tie");
        h.allocator.recoverResources("f1", "a1", r(AGENT), Duration.ofMinutes(1));
        assertEquals(List.of(offer("f2", "*", "a1", AGENT)), h.allocate());
    }

    @Test
    void reviveLiftsFilters() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*");
        h.allocate();
        h.allocator.recoverResources("f1", "a1", r(AGENT), Duration.ofHours(1));
        assertEquals(List.of(), h.allocate());
        h.allocator.reviveOffers("f1", Set.of());
        assertEquals(List.of(offer("f1", "*", "a1", AGENT)), h.allocate());
    }

    @Test
    void filtersStayRightAcrossManyRevivesAndDeclines() {
        Harness h = new Harness().agent("a1", AGENT).agent("a2", AGENT).framework("f1", "*");
        h.allocate();
        h.allocator.recoverResources("f1", "a2", r(AGENT), Duration.ofSeconds(30));
        // thousands of revive-decline rounds on a1 leave lifted filters behind in the expiry queue
        for (int i = 0; i < 5000; i++) {
            h.allocator.recoverResources("f1", "a1", r(AGENT), Duration.ofDays(1 + i));
            h.allocator.reviveOffers("f1", Set.of());
            assertEquals(List.of(offer("f1", "*", "a1", AGENT), offer("f1", "*", "a2", AGENT)).subList(0, i == 0 ? 2 : 1),
                    h.allocate(), "round " + i);
        }
        h.allocator.recoverResources("f1", "a1", r(AGENT), Duration.ofSeconds(10));
        h.allocator.recoverResources("f1", "a2", r(AGENT), Duration.ofSeconds(20));
        h.clock.advance(Duration.ofSeconds(10));
        assertEquals(List.of(offer("f1", "*", "a1", AGENT)), h.allocate());
        h.clock.advance(Duration.ofSeconds(9));
        assertEquals(List.of(), h.allocate());
        h.clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(offer("f1", "*", "a2", AGENT)), h.allocate());
    }

    @Test
    void suppressedFrameworksGetNothingUntilTheyRevive() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*").framework("f2", "*");
        h.allocator.suppressOffers("f1", Set.of());
        assertEquals(List.of(offer("f2", "*", "a1", AGENT)), h.allocate());
        h.allocator.suppressOffers("f2", Set.of("*"));
        h.allocator.recoverResources("f2", "a1", r(AGENT), null);
        assertEquals(List.of(), h.allocate());
        assertEquals(Set.of("*"), h.allocator.snapshot().frameworks().get("f1").suppressedRoles());
        h.allocator.reviveOffers("f1", Set.of("*"));
        assertEquals(List.of(offer("f1", "*", "a1", AGENT)), h.allocate());
    }

    @Test
    void suppressionIsPerRoleForMultiRoleFrameworks() {
        Harness h = new Harness().agent("a1", "cpus:2;mem:512;cpus(db):1;mem(db):128").framework("f1", "web", "db");
        h.allocator.suppressOffers("f1", Set.of("web", "not-mine"));
        // only db is offered: its reservation and the unreserved resources
        assertEquals(List.of(offer("f1", "db", "a1", "cpus:2;mem:512;cpus(db):1;mem(db):128")), h.allocate());
        assertEquals(Set.of("web"), h.allocator.snapshot().frameworks().get("f1").suppressedRoles());
    }

    @Test
    void inactiveFrameworksKeepTheirAllocationButGetNoOffers() {
        Harness h = new Harness().agent("a1", AGENT).agent("a2", AGENT).framework("f1", "*");
        h.allocate();
        h.allocator.recoverResources("f1", "a2", r(AGENT), null);
        h.allocator.deactivateFramework("f1");
        assertEquals(List.of(), h.allocate());
        assertEquals(r(AGENT), h.allocator.snapshot().frameworks().get("f1").allocated());
        assertFalse(h.allocator.snapshot().frameworks().get("f1").active());
        h.allocator.activateFramework("f1");
        assertEquals(List.of(offer("f1", "*", "a2", AGENT)), h.allocate());
    }

    @Test
    void inactiveAgentsOfferNothing() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*");
        h.allocator.deactivateAgent("a1");
        assertEquals(List.of(), h.allocate());
        h.allocator.activateAgent("a1");
        assertEquals(List.of(offer("f1", "*", "a1", AGENT)), h.allocate());
    }

    @Test
    void removingAFrameworkFreesItsAllocation() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*");
        h.allocate();
        h.framework("f2", "*");
        assertEquals(List.of(), h.allocate());
        h.allocator.removeFramework("f1");
        assertEquals(List.of(offer("f2", "*", "a1", AGENT)), h.allocate());
        assertFalse(h.allocator.snapshot().frameworks().containsKey("f1"));
        // a late recovery for the removed framework is ignored: its resources are already free again
        h.allocator.recoverResources("f1", "a1", r("cpus:1"), null);
        assertEquals(r(AGENT), h.allocator.snapshot().agents().get("a1").allocated());
    }

    @Test
    void removingAnAgentDropsItsAllocations() {
        Harness h = new Harness().agent("a1", AGENT).agent("a2", AGENT).framework("f1", "*");
        h.allocate();
        h.allocator.removeAgent("a1");
        AllocatorSnapshot s = h.allocator.snapshot();
        assertEquals(Set.of("a2"), s.frameworks().get("f1").allocatedByAgent().keySet());
        assertEquals(r(AGENT), s.total());
        assertEquals(1.0, s.frameworks().get("f1").dominantShare());
        h.allocator.recoverResources("f1", "a1", r(AGENT), Duration.ofSeconds(5)); // ignored
        assertThrows(IllegalArgumentException.class, () -> h.allocator.deactivateAgent("a1"));
    }

    @Test
    void staticReservationsGoOnlyToTheirRole() {
        String agent = "cpus:2;mem:1024;cpus(slave_public):2;mem(slave_public):512";
        Harness onlyStar = new Harness().agent("a1", agent).framework("marathon", "*");
        assertEquals(List.of(offer("marathon", "*", "a1", "cpus:2;mem:1024")), onlyStar.allocate());
        assertEquals(List.of(), onlyStar.allocate(), "the reservation stays free: no framework of its role");

        Harness onlyPublic = new Harness().agent("a1", agent).framework("edge", "slave_public");
        assertEquals(List.of(offer("edge", "slave_public", "a1", agent)), onlyPublic.allocate(),
                "a role is offered the unreserved resources too");

        Harness both = new Harness().agent("a1", agent).framework("marathon", "*").framework("edge", "slave_public");
        assertEquals(Set.of(offer("marathon", "*", "a1", "cpus:2;mem:1024"),
                offer("edge", "slave_public", "a1", "cpus(slave_public):2;mem(slave_public):512")),
                Set.copyOf(both.allocate()));
    }

    @Test
    void dominantResourceFairnessWithinARole() {
        Harness h = new Harness();
        for (int i = 0; i < 4; i++) {
            h.agent("a" + i, AGENT);
        }
        h.framework("f1", "r").framework("f2", "r");
        Map<String, Long> perFramework = h.allocate().stream()
                .collect(Collectors.groupingBy(Offer::framework, Collectors.counting()));
        assertEquals(Map.of("f1", 2L, "f2", 2L), perFramework);
        // agents are visited in order and each goes to the framework with the lower share (the
        // callback gets each framework's offers together)
        assertEquals(List.of(offer("f1", "r", "a0", AGENT), offer("f1", "r", "a2", AGENT),
                offer("f2", "r", "a1", AGENT), offer("f2", "r", "a3", AGENT)), h.cycles.get(0));
    }

    @Test
    void dominantShareIsTheLargestFractionOfAnyResource() {
        Harness h = new Harness().agent("a1", "cpus:10;mem:100").agent("a2", "cpus:10;mem:100");
        // f1 holds 2 cpus (10% of cpus) and 100 mem (50% of mem): dominant share 0.5
        h.allocator.addFramework("f1", FrameworkProfile.of("r"), Map.of("a1", r("cpus:2;mem:100")), true);
        h.framework("f2", "r");
        AllocatorSnapshot s = h.allocator.snapshot();
        assertEquals(0.5, s.frameworks().get("f1").dominantShare(), 1e-12);
        // f2 has 0: gets the rest of a1 first, then (at 0.4 < 0.5) a2 as well
        assertEquals(List.of(offer("f2", "r", "a1", "cpus:8"), offer("f2", "r", "a2", "cpus:10;mem:100")), h.allocate());
    }

    @Test
    void weightedRolesShareInProportionToTheirWeights() {
        Harness h = new Harness(AllocatorSettings.defaults().withWeights(Map.of("heavy", 3.0)));
        for (int i = 0; i < 8; i++) {
            h.agent("a" + i, AGENT);
        }
        h.framework("f-light", "light").framework("f-heavy", "heavy");
        Map<String, Long> perRole = h.allocate().stream().collect(Collectors.groupingBy(Offer::role, Collectors.counting()));
        assertEquals(Map.of("light", 2L, "heavy", 6L), perRole);
        assertEquals(3.0, h.allocator.snapshot().roles().get("heavy").weight());

        h.allocator.updateWeights(Map.of("heavy", 1.0));
        for (Offer o : h.cycles.get(0)) {
            h.recover(o, null);
        }
        perRole = h.allocate().stream().collect(Collectors.groupingBy(Offer::role, Collectors.counting()));
        assertEquals(Map.of("light", 4L, "heavy", 4L), perRole);
        assertThrows(IllegalArgumentException.class, () -> h.allocator.updateWeights(Map.of("x", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> h.allocator.updateWeights(Map.of("x", -1.0)));
    }

    @Test
    void leftoversBelowTheMinimumAreNotOffered() {
        Harness h = new Harness().agent("tiny", "cpus:0.009;mem:31;ports:[1-10]").agent("cpu", "cpus:0.01")
                .agent("mem", "mem:32").framework("f1", "*");
        assertEquals(Set.of("cpu", "mem"), h.allocate().stream().map(Offer::agent).collect(Collectors.toSet()));
    }

    @Test
    void multiRoleFrameworksGetOffersPerRole() {
        Harness h = new Harness().agent("a1", "cpus:1;mem:256;cpus(db):1").agent("a2", "cpus:1;mem:256")
                .framework("f1", "web", "db");
        List<Offer> offers = h.allocate();
        // a1: both roles at 0, "db" sorts first and takes unreserved + its reservation; a2: web (lower share)
        assertEquals(List.of(offer("f1", "db", "a1", "cpus:1;mem:256;cpus(db):1"),
                offer("f1", "web", "a2", "cpus:1;mem:256")), offers);
        AllocatorSnapshot s = h.allocator.snapshot();
        assertEquals(r("cpus:1;mem:256;cpus(db):1"), s.frameworks().get("f1").allocatedByRole().get("db"));
        assertEquals(r("cpus:1;mem:256"), s.roles().get("web").allocated());
        // returning resources of several roles at once takes each from the role that holds it
        h.allocator.recoverResources("f1", "a1", r("cpus(db):1;cpus:1"), null);
        assertEquals(r("mem:256"), h.allocator.snapshot().roles().get("db").allocated());
    }

    @Test
    void invalidCallsThrowAndChangeNothing() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*");
        h.allocate();
        AllocatorSnapshot before = h.allocator.snapshot();
        assertThrows(IllegalArgumentException.class, () -> h.agent("a1", AGENT));
        assertThrows(IllegalArgumentException.class, () -> h.framework("f1", "*"));
        assertThrows(IllegalArgumentException.class, () -> h.allocator.activateFramework("nope"));
        assertThrows(IllegalArgumentException.class, () -> h.allocator.suppressOffers("nope", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> h.allocator.updateAgent("nope", r("cpus:1")));
        assertThrows(IllegalArgumentException.class,
                () -> h.allocator.recoverResources("f1", "a1", r("cpus:5"), null), "more than allocated");
        assertThrows(IllegalArgumentException.class,
                () -> h.allocator.recoverResources("f1", "a1", r("cpus(x):1"), null), "never allocated");
        assertThrows(IllegalArgumentException.class, () -> h.allocator.updateAgent("a1", r("cpus:1")),
                "smaller than what is allocated");
        assertThrows(IllegalArgumentException.class, () -> h.allocator.addAgent("a2", new AgentProfile("h"),
                r("cpus:1"), Map.of("f1", r("cpus:2"))), "uses more than it has");
        assertThrows(IllegalArgumentException.class, () -> h.allocator.addFramework("f2", FrameworkProfile.of("*"),
                Map.of("a1", r("cpus:1")), true), "a1 has nothing free for it");
        assertThrows(IllegalArgumentException.class, () -> FrameworkProfile.of());
        assertEquals(before, h.allocator.snapshot());
    }

    @Test
    void recoveredStateAfterMasterFailoverIsCountedOnce() {
        Harness h = new Harness();
        // the agent re-registers first with a task of a framework the new master does not know yet
        h.allocator.addAgent("a1", new AgentProfile("h1"), r(AGENT), Map.of("f1", r("cpus:1;mem:1024")));
        assertEquals(r("cpus:1;mem:1024"), h.allocator.snapshot().agents().get("a1").allocated());
        // then the framework re-subscribes and reports the same task
        h.allocator.addFramework("f1", FrameworkProfile.of("*"), Map.of("a1", r("cpus:1;mem:1024")), true);
        AllocatorSnapshot s = h.allocator.snapshot();
        assertEquals(r("cpus:1;mem:1024"), s.agents().get("a1").allocated(), "not counted twice");
        assertEquals(r("cpus:1;mem:1024"), s.frameworks().get("f1").allocated());
        assertEquals(List.of(offer("f1", "*", "a1", "cpus:3;mem:7168;disk:1000;ports:[31000-32000]")), h.allocate());
        // a framework added first: addAgent attributes its tasks directly
        h.framework("f2", "*");
        h.allocator.addAgent("a2", new AgentProfile("h2"), r(AGENT), Map.of("f2", r("cpus:2"), "ghost", r("cpus:1")));
        s = h.allocator.snapshot();
        assertEquals(r("cpus:2"), s.frameworks().get("f2").allocatedByAgent().get("a2"));
        assertEquals(r("cpus:3"), s.agents().get("a2").allocated());
        // the ghost framework never comes back; the master frees its task
        h.allocator.recoverResources("ghost", "a2", r("cpus:1"), null);
        assertEquals(r("cpus:2"), h.allocator.snapshot().agents().get("a2").allocated());
    }

    @Test
    void usedResourcesTheAgentDidNotReportAreTakenFromItsFreeResources() {
        Harness h = new Harness().agent("a1", AGENT);
        h.allocator.addFramework("f1", FrameworkProfile.of("*"), Map.of("a1", r("cpus:1"), "unknown", r("cpus:1")), true);
        assertEquals(r("cpus:1"), h.allocator.snapshot().agents().get("a1").allocated());
        assertEquals(r("cpus:3;mem:8192;disk:1000;ports:[31000-32000]"), h.allocate().get(0).resources());
    }

    @Test
    void agentsCanGrowAndShrink() {
        Harness h = new Harness().agent("a1", "cpus:2;mem:1024").framework("f1", "*");
        h.allocate();
        h.allocator.updateAgent("a1", r("cpus:4;mem:1024"));
        assertEquals(List.of(offer("f1", "*", "a1", "cpus:2")), h.allocate());
        h.allocator.recoverResources("f1", "a1", r("cpus:4;mem:1024"), null);
        h.allocator.updateAgent("a1", r("cpus:1;mem:512"));
        assertEquals(List.of(offer("f1", "*", "a1", "cpus:1;mem:512")), h.allocate());
        assertEquals(r("cpus:1;mem:512"), h.allocator.snapshot().total());
    }

    @Test
    void changingRolesKeepsOldAllocationsCountedUntilRecovered() {
        Harness h = new Harness().agent("a1", AGENT).agent("a2", AGENT).framework("f1", "old");
        List<Offer> first = h.allocate();
        h.allocator.recoverResources("f1", "a2", r(AGENT), null);
        h.allocator.updateFramework("f1", FrameworkProfile.of("new"));
        assertEquals(List.of(offer("f1", "new", "a2", AGENT)), h.allocate());
        AllocatorSnapshot s = h.allocator.snapshot();
        assertEquals(r(AGENT), s.roles().get("old").allocated());
        assertEquals(Set.of(), s.roles().get("old").frameworks());
        h.recover(first.get(0), null);
        assertFalse(h.allocator.snapshot().roles().containsKey("old"), "forgotten once nothing is held for it");
    }

    @Test
    void theCallbackMayDeclineAtOnceButNotRunACycle() {
        Harness h = new Harness().agent("a1", AGENT).framework("f1", "*");
        h.onOffer = offer -> h.recover(offer, Duration.ofSeconds(10));
        assertEquals(1, h.allocate().size());
        assertEquals(Resources.empty(), h.allocator.snapshot().agents().get("a1").allocated());
        assertEquals(List.of(), h.allocate(), "declined with a filter from inside the callback");

        h.onOffer = offer -> h.allocator.allocate();
        h.clock.advance(Duration.ofSeconds(10));
        assertThrows(IllegalStateException.class, h::allocate);
        // the offer was made before the callback failed; the allocator is usable again
        assertEquals(r(AGENT), h.allocator.snapshot().agents().get("a1").allocated());
        h.onOffer = offer -> { };
        assertEquals(List.of(), h.allocate());
    }

    @Test
    void snapshotListsRolesWithWeightsEvenWithoutFrameworks() {
        Harness h = new Harness(AllocatorSettings.defaults().withWeights(Map.of("batch", 0.5))).agent("a1", AGENT)
                .framework("f1", "web");
        h.allocate();
        AllocatorSnapshot s = h.allocator.snapshot();
        assertEquals(Set.of("batch", "web"), s.roles().keySet());
        assertEquals(0.5, s.roles().get("batch").weight());
        assertTrue(s.roles().get("batch").allocated().isEmpty());
        assertEquals(Set.of("f1"), s.roles().get("web").frameworks());
        assertEquals(1.0, s.roles().get("web").dominantShare());
        assertEquals(r(AGENT), s.allocated());
        assertEquals(Resources.empty(), s.agents().get("a1").available());
        assertThrows(UnsupportedOperationException.class, () -> s.roles().clear());
    }
}

package io.plinth.allocator.drf;

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

/** An allocator with a clock the test moves and a callback that records every offer. */
final class Harness {

    /** One offer: resources of an agent, for a role, to a framework. */
    record Offer(String framework, String role, String agent, Resources resources) {
    }

    final FakeClock clock = new FakeClock();
    final List<List<Offer>> cycles = new ArrayList<>();
    /** Runs inside the callback, after the offer was recorded; lets tests react like a master would. */
    java.util.function.Consumer<Offer> onOffer = offer -> { };
    final Allocator allocator;

    Harness() {
        this(AllocatorSettings.defaults());
    }

    Harness(AllocatorSettings settings) {
        allocator = Allocators.drf(clock, settings, (framework, offered) -> {
            List<Offer> cycle = cycles.get(cycles.size() - 1);
            offered.forEach((role, byAgent) -> byAgent.forEach((agent, resources) -> {
                Offer offer = new Offer(framework, role, agent, resources);
                cycle.add(offer);
                onOffer.accept(offer);
            }));
        });
    }

    /** Runs a cycle and returns its offers. */
    List<Offer> allocate() {
        cycles.add(new ArrayList<>());
        allocator.allocate();
        return cycles.get(cycles.size() - 1);
    }

    Harness agent(String id, String resources) {
        allocator.addAgent(id, new AgentProfile(id + ".example"), Resources.parse(resources), Map.of());
        return this;
    }

    Harness framework(String id, String... roles) {
        allocator.addFramework(id, FrameworkProfile.of(roles), Map.of(), true);
        return this;
    }

    void recover(Offer offer, Duration refuse) {
        allocator.recoverResources(offer.framework(), offer.agent(), offer.resources(), refuse);
    }

    static final class FakeClock extends Clock {
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

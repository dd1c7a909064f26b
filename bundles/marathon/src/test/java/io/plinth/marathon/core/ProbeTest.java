package io.plinth.marathon.core;

import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void probe() {
        CoreHarness h = new CoreHarness();
        h.core.subscribed("fw-1");
        var created = h.core.createApp(h.app("/web", 3), false);
        System.out.println("PROBE created " + created);
        System.out.println("PROBE queue " + h.core.queue());
        System.out.println("PROBE revives " + h.effects.revives);
        h.flush();
        var launched = h.offersLaunch(1);
        System.out.println("PROBE launched " + launched + " declines " + h.effects.declines);
        h.core.tick();
        System.out.println("PROBE queue after tick " + h.core.queue().size() + " revives " + h.effects.revives);
        launched = h.offersLaunch(1);
        System.out.println("PROBE launched " + launched);
        System.out.println("PROBE env " + CoreHarness.env(h.effects.launchedTasks().get(0)));
    }
}

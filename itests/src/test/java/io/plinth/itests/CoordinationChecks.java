package io.plinth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.StateStore;
import io.plinth.coordination.api.VersionConflictException;
import io.plinth.coordination.api.Versioned;
import io.plinth.itests.support.Await;
import java.time.Duration;
import java.util.Map;
import org.osgi.framework.BundleContext;

/**
 * Checks that use the coordination API from inside the container. Kept out of the test class on
 * purpose: the probe loads a test class before the role features are installed, and a class that
 * names API types would then fail to link. This one is loaded only when first called.
 */
final class CoordinationChecks {

    private CoordinationChecks() {
    }

    static String leaderId(BundleContext context, String group) {
        LeaderDetector detector = context.getService(context.getServiceReference(LeaderDetector.class));
        return detector.leader(group).orElseThrow().id();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static void versionedRoundTrip(BundleContext context, Duration timeout) {
        StateStore stateStore = Await.until("state store service", timeout,
                () -> context.getServiceReference(StateStore.class) == null ? null
                        : context.getService(context.getServiceReference(StateStore.class)));
        EntityStore<Map> store = stateStore.collection("itest-" + System.nanoTime(), Map.class);
        Versioned<Map> created = Await.until("store reachable", timeout, () -> store.create("a", Map.of("n", 1)));
        assertEquals(0, created.version());
        Versioned<Map> updated = store.update("a", Map.of("n", 2), created.version());
        assertEquals(1, updated.version());
        try {
            store.update("a", Map.of("n", 3), created.version());
            throw new AssertionError("stale update accepted");
        } catch (VersionConflictException expected) {
            assertEquals(2, store.get("a").orElseThrow().value().get("n"));
        }
        assertTrue(store.delete("a"));
        assertFalse(store.get("a").isPresent());
    }
}

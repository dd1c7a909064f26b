package io.plinth.coordination.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.plinth.coordination.api.EntityExistsException;
import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.EntityStore.Change;
import io.plinth.coordination.api.EntityTooLargeException;
import io.plinth.coordination.api.NoSuchEntityException;
import io.plinth.coordination.api.Registration;
import io.plinth.coordination.api.StateStoreException;
import io.plinth.coordination.api.VersionConflictException;
import io.plinth.coordination.api.Versioned;
import io.plinth.coordination.zk.TestZooKeeper;

class ZkStateStoreTest extends StoreOnTestZooKeeper {

    @Test
    void storesEachEntityInItsOwnZnode() throws Exception {
        Versioned<App> created = apps.create("web", new App("web", 2));
        apps.create("db", new App("db", 1));

        assertEquals(new Versioned<>("web", new App("web", 2), 0), created);
        assertEquals(Optional.of(created), apps.get("web"));
        assertEquals(Optional.empty(), apps.get("nope"));
        assertEquals(List.of("db", "web"), apps.ids());
        assertEquals(List.of(new Versioned<>("db", new App("db", 1), 0), created), apps.list());
        assertEquals("{\"name\":\"web\",\"instances\":2}",
                new String(client.getData().forPath(layout.entity("apps", "web")), StandardCharsets.UTF_8));
        assertEquals(List.of(), store.collection("empty", App.class).ids());
        assertEquals(List.of(), store.collection("empty", App.class).list());
    }

    @Test
    void createMakesANewCollectionAndFindsOneAnotherStoreMade() {
        apps.create("web", new App("web", 2)); // the layout's parents exist from here on
        EntityStore<App> fresh = store.collection("fresh", App.class);
        assertEquals(0, fresh.create("a", new App("a", 1)).version(), "collection and entity in one multi");

        EntityStore<App> seenFromAnother = newStore(otherClient, 1_000_000).collection("fresh", App.class);
        assertEquals(0, seenFromAnother.create("b", new App("b", 1)).version(), "the collection exists: a plain create");
        EntityStore<App> seenFromAThird = newStore(otherClient, 1_000_000).collection("fresh", App.class);
        assertThrows(EntityExistsException.class, () -> seenFromAThird.create("a", new App("x", 9)));

        assertEquals(List.of("a", "b"), fresh.ids());
        assertEquals(new App("a", 1), fresh.get("a").orElseThrow().value());
    }

    @Test
    void createRefusesATakenId() {
        apps.create("web", new App("web", 2));
        EntityExistsException e = assertThrows(EntityExistsException.class, () -> apps.create("web", new App("other", 9)));
        assertTrue(e.getMessage().contains("'web'") && e.getMessage().contains("'apps'"), e.getMessage());
        assertEquals(new App("web", 2), apps.get("web").orElseThrow().value());
    }

    @Test
    void anUpdateFromAStaleVersionConflictsAndChangesNothing() {
        apps.create("web", new App("web", 1));
        Versioned<App> updated = apps.update("web", new App("web", 2), 0);
        assertEquals(1, updated.version());

        VersionConflictException e = assertThrows(VersionConflictException.class,
                () -> apps.update("web", new App("web", 3), 0));
        assertTrue(e.getMessage().contains("version 0"), e.getMessage());
        assertEquals(Optional.of(updated), apps.get("web"));

        assertThrows(VersionConflictException.class, () -> apps.delete("web", 0));
        assertEquals(Optional.of(updated), apps.get("web"));
    }

    @Test
    void updateAndDeleteOfAMissingEntityAreRefused() {
        assertThrows(NoSuchEntityException.class, () -> apps.update("ghost", new App("ghost", 1), 0));
        assertThrows(NoSuchEntityException.class, () -> apps.delete("ghost", 0));
        assertEquals(List.of(), apps.ids());
    }

    @Test
    void deletesByVersionOrWhateverTheVersion() {
        apps.create("a", new App("a", 1));
        apps.create("b", new App("b", 1));

        apps.delete("a", 0);
        assertTrue(apps.delete("b"));
        assertFalse(apps.delete("b"));
        assertEquals(List.of(), apps.ids());
    }

    @Test
    void putCreatesOrOverwrites() {
        assertEquals(0, apps.put("web", new App("web", 1)).version());
        assertEquals(1, apps.put("web", new App("web", 5)).version());
        assertEquals(new App("web", 5), apps.get("web").orElseThrow().value());
    }

    @Test
    void computeUnderContentionLosesNoUpdate() throws Exception {
        EntityStore<App> elsewhere = zk.closeLater(newStore(otherClient, 1_000_000)).collection("apps", App.class);
        int rounds = 50;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (EntityStore<App> writer : List.of(apps, elsewhere)) {
            writers.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < rounds; i++) {
                    writer.compute("counter", app -> app == null ? new App("counter", 1) : new App("counter", app.instances() + 1));
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        Versioned<App> counter = apps.get("counter").orElseThrow();
        assertEquals(2 * rounds, counter.value().instances());
        assertEquals(2 * rounds - 1, counter.version());
    }

    @Test
    void anEntityOverTheLimitIsRefusedBeforeAnythingIsWritten() throws Exception {
        EntityStore<App> small = zk.closeLater(newStore(client, 64)).collection("apps", App.class);
        small.create("ok", new App("x", 1));

        App big = new App("x".repeat(100), 1);
        EntityTooLargeException e = assertThrows(EntityTooLargeException.class, () -> small.create("big", big));
        assertEquals("Entity 'big' of collection 'apps' is 125 bytes as JSON, over the limit of 64 bytes; nothing was written",
                e.getMessage());
        assertThrows(EntityTooLargeException.class, () -> small.put("big", big));
        assertThrows(EntityTooLargeException.class, () -> small.update("ok", big, 0));
        assertThrows(EntityTooLargeException.class, () -> small.compute("ok", app -> big));

        assertEquals(List.of("ok"), small.ids());
        assertEquals(0, small.get("ok").orElseThrow().version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "../x", "a b", "é"})
    void namesThatAreNotOneSegmentAreRefused(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> apps.create(bad, new App("x", 1)));
        assertTrue(e.getMessage().startsWith("Invalid id '" + bad + "'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> apps.get(bad));
        assertThrows(IllegalArgumentException.class, () -> apps.delete(bad));
        assertThrows(IllegalArgumentException.class, () -> apps.compute(bad, app -> app));
        e = assertThrows(IllegalArgumentException.class, () -> store.collection(bad, App.class));
        assertTrue(e.getMessage().startsWith("Invalid collection '" + bad + "'"), e.getMessage());
    }

    @Test
    void aNegativeExpectedVersionIsRefusedRatherThanReadAsAnyVersion() {
        apps.create("web", new App("web", 1));
        assertThrows(IllegalArgumentException.class, () -> apps.update("web", new App("web", 2), -1));
        assertThrows(IllegalArgumentException.class, () -> apps.delete("web", -1));
        assertEquals(0, apps.get("web").orElseThrow().version());
    }

    @Test
    void anEntityThatDoesNotReadAsItsTypeIsAStateStoreError() throws Exception {
        client.create().creatingParentsIfNeeded().forPath(layout.entity("apps", "junk"), "[1,2".getBytes());
        StateStoreException e = assertThrows(StateStoreException.class, () -> apps.get("junk"));
        assertTrue(e.getMessage().contains("'junk'"), e.getMessage());
    }

    @Test
    void aWatchSeesChangesMadeThroughAnotherClient() {
        apps.create("before", new App("before", 1));
        List<Change<App>> seen = Collections.synchronizedList(new ArrayList<>());
        Registration watch = apps.watch(seen::add);
        EntityStore<App> elsewhere = zk.closeLater(newStore(otherClient, 1_000_000)).collection("apps", App.class);

        // One change at a time: a watch reports the state it reads after ZooKeeper's event, so changes
        // in quick succession may arrive as one (the latest).
        elsewhere.create("web", new App("web", 1));
        await().until(() -> seen.size() == 1);
        elsewhere.update("web", new App("web", 2), 0);
        await().until(() -> seen.size() == 2);
        elsewhere.delete("web");
        await().until(() -> seen.size() == 3);
        assertEquals(List.of(
                new Change<>("web", Optional.of(new Versioned<>("web", new App("web", 1), 0))),
                new Change<>("web", Optional.of(new Versioned<>("web", new App("web", 2), 1))),
                new Change<>("web", Optional.<Versioned<App>>empty())), List.copyOf(seen),
                "the entity that existed before the watch is not reported as a change");

        watch.close();
        watch.close(); // safe twice
        elsewhere.create("after", new App("after", 1));
        await().until(() -> apps.ids().contains("after"));
        assertEquals(3, seen.size());
    }

    @Test
    void aListenerApplyingTheChangesToTheListedStateEndsUpWithTheStoresState() {
        apps.create("old", new App("old", 1));
        Map<String, Versioned<App>> view = new ConcurrentHashMap<>();
        List<Change<App>> seen = Collections.synchronizedList(new ArrayList<>());
        zk.closeLater(apps.watch(change -> {
            seen.add(change);
            change.value().ifPresentOrElse(value -> view.put(change.id(), value), () -> view.remove(change.id()));
        }));
        apps.list().forEach(entity -> view.putIfAbsent(entity.id(), entity));
        EntityStore<App> elsewhere = zk.closeLater(newStore(otherClient, 1_000_000)).collection("apps", App.class);

        // Quick succession: some of these may be reported together, as their latest state.
        for (int i = 0; i < 20; i++) {
            elsewhere.put("web", new App("web", i));
        }
        elsewhere.create("db", new App("db", 1));
        elsewhere.delete("db");
        elsewhere.delete("old");

        await().untilAsserted(() -> assertEquals(Map.of("web", new Versioned<>("web", new App("web", 19), 19)), Map.copyOf(view)));
        int previous = -1;
        for (Change<App> change : List.copyOf(seen)) {
            if (change.id().equals("web")) {
                int version = change.value().orElseThrow().version();
                assertTrue(version > previous, "in order: " + seen);
                previous = version;
            }
        }
    }

    @Test
    void anUnreachableZooKeeperIsAStateStoreErrorAfterTheConnectionWait() throws Exception {
        try (TestZooKeeper down = TestZooKeeper.started()) {
            CuratorFramework lonely = down.client();
            ZkStateStore unreachable = down.closeLater(new ZkStateStore(lonely, layout, new JacksonEntityCodec(), 1_000,
                    Duration.ofMillis(300)));
            EntityStore<App> collection = unreachable.collection("apps", App.class);
            collection.create("web", new App("web", 1));

            down.server().stop();
            await().until(() -> !lonely.getZookeeperClient().isConnected());

            StateStoreException e = assertThrows(StateStoreException.class, () -> collection.get("web"));
            assertTrue(e.getMessage().contains("not reachable"), e.getMessage());
            assertThrows(StateStoreException.class, () -> collection.create("db", new App("db", 1)));
            assertThrows(StateStoreException.class, () -> collection.watch(change -> { }));

            down.server().restart();
            await().atMost(Duration.ofSeconds(15)).ignoreExceptions()
                    .until(() -> collection.get("web").isPresent());
        }
    }
}

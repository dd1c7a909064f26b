package io.plinth.coordination.store;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.EntityTooLargeException;
import io.plinth.coordination.api.StateStoreException;
import io.plinth.coordination.api.Versioned;
import io.plinth.coordination.zk.TestZooKeeper;

/** {@link EntityStore#putAll} and {@link EntityStore#deleteAll} on a real ZooKeeper. */
class ZkEntityStoreBulkTest extends StoreOnTestZooKeeper {

    @Test
    void putAllWritesManyEntitiesInAFewTransactions() throws Exception {
        Map<String, App> entities = apps(0, 2_500, 1);

        apps.putAll(entities);

        assertEquals(versioned(entities, 0), apps.list());
        // One multi is one ZooKeeper transaction: what it creates shares a creation zxid.
        Map<Long, Integer> createdPerTransaction = new HashMap<>();
        for (String id : entities.keySet()) {
            createdPerTransaction.merge(stat(id).getCzxid(), 1, Integer::sum);
        }
        assertEquals(List.of(1_000, 1_000, 500), createdPerTransaction.values().stream().sorted((a, b) -> b - a).toList());
    }

    @Test
    void eachTransactionOfAPutAllStaysWellUnderZooKeepersRequestLimit() throws Exception {
        Map<String, App> entities = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            entities.put(id(i), new App("x".repeat(10_000), i)); // 2 MB in all
        }

        apps.putAll(entities);

        Map<Long, Integer> bytesPerTransaction = new HashMap<>();
        for (String id : entities.keySet()) {
            Stat stat = stat(id);
            bytesPerTransaction.merge(stat.getCzxid(), stat.getDataLength(), Integer::sum);
        }
        assertTrue(bytesPerTransaction.size() >= 4, "transactions: " + bytesPerTransaction);
        bytesPerTransaction.values().forEach(bytes -> assertTrue(bytes <= 512 * 1024, "transactions: " + bytesPerTransaction));
        assertEquals(versioned(entities, 0), apps.list());
    }

    @Test
    void putAllOverwritesTheEntitiesThatExistAndCreatesTheOthers() {
        apps.create("a", new App("a", 1));
        apps.put("b", new App("b", 1));
        apps.put("b", new App("b", 2));

        apps.putAll(Map.of("a", new App("a", 10), "b", new App("b", 20), "c", new App("c", 30)));

        assertEquals(List.of(
                new Versioned<>("a", new App("a", 10), 1),
                new Versioned<>("b", new App("b", 20), 2),
                new Versioned<>("c", new App("c", 30), 0)), apps.list());
    }

    @Test
    void putAllOverwritesAcrossChunks() {
        // The first 1,200 exist: they span the first two chunks, the second one partly.
        apps.putAll(apps(0, 1_200, 1));
        Map<String, App> entities = apps(0, 2_500, 2);

        apps.putAll(entities);

        List<Versioned<App>> expected = new ArrayList<>();
        entities.forEach((id, app) -> expected.add(new Versioned<>(id, app, Integer.parseInt(id.substring(4)) < 1_200 ? 1 : 0)));
        assertEquals(expected, apps.list());
    }

    @Test
    void putAllCreatesTheCollection() throws Exception {
        assertNull(client.checkExists().forPath(layout.collection("fresh")));
        EntityStore<App> fresh = store.collection("fresh", App.class);

        fresh.putAll(Map.of("web", new App("web", 1), "db", new App("db", 2)));

        assertEquals(List.of(new Versioned<>("db", new App("db", 2), 0), new Versioned<>("web", new App("web", 1), 0)),
                fresh.list());
    }

    @Test
    void deleteAllDeletesThoseThatExistAndSkipsTheOthers() {
        apps.putAll(Map.of("a", new App("a", 1), "b", new App("b", 1), "c", new App("c", 1)));

        apps.deleteAll(List.of("a", "ghost", "c", "a"));

        assertEquals(List.of("b"), apps.ids());
    }

    @Test
    void deleteAllAcrossChunksWithSomeMissing() {
        apps.putAll(apps(0, 2_500, 1));
        List<String> ids = new ArrayList<>(apps(0, 3_000, 1).keySet()); // the last 500 never existed
        // missing ones in the first chunk too
        apps.deleteAll(List.of(id(10), id(20)));

        apps.deleteAll(ids);

        assertEquals(List.of(), apps.ids());
        apps.deleteAll(ids); // nothing left to delete
        store.collection("never", App.class).deleteAll(ids);
        assertEquals(List.of(), apps.ids());
    }

    @Test
    void anEntityOverTheLimitRefusesThePutAllBeforeAnythingIsWritten() {
        EntityStore<App> small = zk.closeLater(newStore(client, 64)).collection("apps", App.class);
        small.create("ok", new App("x", 1));
        Map<String, App> entities = new LinkedHashMap<>();
        entities.put("first", new App("first", 1));
        entities.put("ok", new App("ok", 2));
        entities.put("big", new App("x".repeat(100), 1));
        entities.put("last", new App("last", 1));

        EntityTooLargeException e = assertThrows(EntityTooLargeException.class, () -> small.putAll(entities));

        assertTrue(e.getMessage().contains("'big'"), e.getMessage());
        assertEquals(List.of(new Versioned<>("ok", new App("x", 1), 0)), small.list());
    }

    @Test
    void anInvalidIdRefusesTheWholeCall() {
        apps.put("keep", new App("keep", 1));
        Map<String, App> entities = new LinkedHashMap<>();
        entities.put("first", new App("first", 1));
        entities.put("a/b", new App("bad", 1));

        assertThrows(IllegalArgumentException.class, () -> apps.putAll(entities));
        assertThrows(IllegalArgumentException.class, () -> apps.deleteAll(List.of("keep", "..")));

        assertEquals(List.of("keep"), apps.ids());
    }

    @Test
    void emptyInputsDoNotContactZooKeeper() throws Exception {
        try (TestZooKeeper down = TestZooKeeper.notStarted()) {
            EntityStore<App> unreachable = down.closeLater(new ZkStateStore(down.client(), layout, new JacksonEntityCodec(),
                    1_000, Duration.ofMillis(200))).collection("apps", App.class);

            unreachable.putAll(Map.of());
            unreachable.deleteAll(List.of());

            // the same calls with something to do do reach for ZooKeeper
            assertThrows(StateStoreException.class, () -> unreachable.putAll(Map.of("web", new App("web", 1))));
            assertThrows(StateStoreException.class, () -> unreachable.deleteAll(List.of("web")));
        }
    }

    @Test
    void aWatchSeesEachEntityOfAPutAllAndADeleteAll() {
        apps.put("old", new App("old", 1));
        Map<String, App> view = new ConcurrentHashMap<>();
        zk.closeLater(apps.watch(change -> change.value().ifPresentOrElse(
                value -> view.put(change.id(), value.value()), () -> view.remove(change.id()))));
        apps.list().forEach(entity -> view.putIfAbsent(entity.id(), entity.value()));
        EntityStore<App> elsewhere = zk.closeLater(newStore(otherClient, 1_000_000)).collection("apps", App.class);
        Map<String, App> entities = apps(0, 1_500, 1);
        entities.put("old", new App("old", 2));

        elsewhere.putAll(entities);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(entities, Map.copyOf(view)));

        elsewhere.deleteAll(entities.keySet());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(Map.of(), Map.copyOf(view)));
    }

    /**
     * Not a check: prints how long bulk and single writes of 10,000 entities take, for quoting. Run with
     * {@code mvn -o test -Dtest=ZkEntityStoreBulkTest#timing -Dplinth.bulkTiming=true}.
     */
    @Test
    @EnabledIfSystemProperty(named = "plinth.bulkTiming", matches = "true")
    void timing() throws Exception {
        int count = 10_000;
        int threads = 16;
        Map<String, App> entities = apps(0, count, 1);
        // warm up the server, client and JIT
        store.collection("warmup", App.class).putAll(apps(0, 1_000, 1));
        singlePuts(store.collection("warmup-single", App.class), apps(0, 1_000, 1), threads);

        EntityStore<App> bulk = store.collection("bulk", App.class);
        long start = System.nanoTime();
        bulk.putAll(entities);
        long bulkNew = System.nanoTime() - start;

        start = System.nanoTime();
        bulk.putAll(apps(0, count, 2));
        long bulkOverwrite = System.nanoTime() - start;

        EntityStore<App> single = store.collection("single", App.class);
        start = System.nanoTime();
        singlePuts(single, entities, threads);
        long singleNew = System.nanoTime() - start;

        start = System.nanoTime();
        bulk.deleteAll(entities.keySet());
        long bulkDelete = System.nanoTime() - start;

        assertEquals(count, single.ids().size());
        assertEquals(List.of(), bulk.ids());
        System.out.printf("%nputAll(%,d new): %,d ms; putAll(%,d existing): %,d ms; %,d put() from %d threads: %,d ms;"
                        + " deleteAll(%,d): %,d ms%n", count, bulkNew / 1_000_000, count, bulkOverwrite / 1_000_000,
                count, threads, singleNew / 1_000_000, count, bulkDelete / 1_000_000);
    }

    private static void singlePuts(EntityStore<App> collection, Map<String, App> entities, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> puts = new ArrayList<>();
            entities.forEach((id, app) -> puts.add(pool.submit(() -> collection.put(id, app))));
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Apps {@code from} to {@code to} (exclusive), in id order. */
    private static Map<String, App> apps(int from, int to, int instances) {
        Map<String, App> apps = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            apps.put(id(i), new App("app-" + i, instances));
        }
        return apps;
    }

    /** Zero-padded so that id order is number order, as {@link EntityStore#list()} sorts. */
    private static String id(int i) {
        return String.format("app-%05d", i);
    }

    private static List<Versioned<App>> versioned(Map<String, App> entities, int version) {
        return entities.entrySet().stream().map(entry -> new Versioned<>(entry.getKey(), entry.getValue(), version)).toList();
    }

    private Stat stat(String id) throws Exception {
        return client.checkExists().forPath(layout.entity("apps", id));
    }
}

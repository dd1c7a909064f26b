package io.plinth.coordination.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.plinth.coordination.api.EntityExistsException;
import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.EntityTooLargeException;
import io.plinth.coordination.api.Transaction;
import io.plinth.coordination.api.Versioned;

/** Transactions: writes to several collections in one multi, all or none. */
class ZkTransactionTest extends StoreOnTestZooKeeper {

    @Test
    void writesToSeveralNewCollectionsAtOnce() {
        // nothing exists under this test's base path yet: the parents are made on the way
        store.transaction()
                .create("apps", "web", new App("web", 2))
                .create("versions-web", "v1", new App("web", 2))
                .put("roots", "r1", new App("root", 1))
                .commit();

        assertEquals(Optional.of(new Versioned<>("web", new App("web", 2), 0)), apps.get("web"));
        assertEquals(List.of("v1"), store.collection("versions-web", App.class).ids());
        assertEquals(new App("root", 1), store.collection("roots", App.class).get("r1").orElseThrow().value());
    }

    @Test
    void putOverwritesAndCreatesInCollectionsAnotherStoreMade() {
        apps.create("web", new App("web", 1));
        ZkStateStore other = newStore(otherClient, 1_000_000); // it has seen no collection yet
        other.transaction()
                .put("apps", "web", new App("web", 5))
                .put("apps", "db", new App("db", 1))
                .commit();

        assertEquals(new Versioned<>("web", new App("web", 5), 1), apps.get("web").orElseThrow());
        assertEquals(List.of("db", "web"), apps.ids());
    }

    @Test
    void aTakenIdFailsTheWholeTransaction() {
        apps.create("web", new App("web", 1));
        Transaction t = store.transaction()
                .create("apps", "db", new App("db", 1))
                .create("other", "x", new App("x", 1))
                .create("apps", "web", new App("web", 9));

        EntityExistsException e = assertThrows(EntityExistsException.class, t::commit);

        assertTrue(e.getMessage().contains("'web'"), e.getMessage());
        assertEquals(List.of("web"), apps.ids(), "nothing of the transaction was written");
        assertEquals(List.of(), store.collection("other", App.class).ids());
        assertEquals(new App("web", 1), apps.get("web").orElseThrow().value());
    }

    @Test
    void aTransactionOverOneRequestIsRefusedBeforeAnythingIsWritten() {
        Transaction t = store.transaction();
        String big = "x".repeat(200_000);
        t.put("apps", "a", new App(big, 1)).put("apps", "b", new App(big, 1));

        assertThrows(EntityTooLargeException.class, () -> t.put("apps", "c", new App(big, 1)));
        EntityStore<App> none = store.collection("apps", App.class);
        assertEquals(List.of(), none.ids());
    }

    @Test
    void aCommittedTransactionCannotBeReused() {
        Transaction t = store.transaction().put("apps", "a", new App("a", 1));
        t.commit();
        assertThrows(IllegalStateException.class, t::commit);
        assertThrows(IllegalStateException.class, () -> t.put("apps", "b", new App("b", 1)));
    }
}

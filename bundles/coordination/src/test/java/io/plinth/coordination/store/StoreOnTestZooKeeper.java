package io.plinth.coordination.store;

import java.time.Duration;
import java.util.UUID;

import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.zk.TestZooKeeper;
import io.plinth.coordination.zk.ZnodeLayout;

/**
 * The fixture of the state store tests: one real ZooKeeper per test class with two clients, and per
 * test a {@link ZkStateStore} under a base path of its own (tests share the server, not their znodes)
 * with its collection {@code apps}.
 */
abstract class StoreOnTestZooKeeper {

    public record App(String name, int instances) {
    }

    static TestZooKeeper zk;
    static CuratorFramework client;
    static CuratorFramework otherClient;

    ZnodeLayout layout;
    ZkStateStore store;
    EntityStore<App> apps;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zk = TestZooKeeper.started();
        client = zk.client();
        otherClient = zk.client();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        zk.close();
    }

    @BeforeEach
    void newStore() {
        layout = new ZnodeLayout("/test-" + UUID.randomUUID());
        store = zk.closeLater(newStore(client, 1_000_000));
        apps = store.collection("apps", App.class);
    }

    ZkStateStore newStore(CuratorFramework curator, int maxEntityBytes) {
        return new ZkStateStore(curator, layout, new JacksonEntityCodec(), maxEntityBytes, Duration.ofSeconds(2));
    }
}

package io.plinth.coordination;

import java.time.Duration;

import org.apache.curator.framework.CuratorFramework;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.StateStore;
import io.plinth.coordination.api.Transaction;
import io.plinth.coordination.store.JacksonEntityCodec;
import io.plinth.coordination.store.ZkStateStore;
import io.plinth.coordination.zk.ZnodeLayout;

/** The {@link StateStore} service, backed by {@link ZkStateStore} with Jackson JSON entities. */
@Component(service = StateStore.class, configurationPid = CoordinationConfig.PID)
public final class StateStoreComponent implements StateStore {

    private final ZkStateStore store;

    @Activate
    public StateStoreComponent(@Reference(target = CuratorClientComponent.TARGET) CuratorFramework client,
            CoordinationConfig config) {
        store = new ZkStateStore(client, new ZnodeLayout(config.basePath()), new JacksonEntityCodec(),
                config.maxEntityBytes(), Duration.ofMillis(config.connectionTimeoutMs()));
    }

    @Override
    public <T> EntityStore<T> collection(String name, Class<T> type) {
        return store.collection(name, type);
    }

    @Override
    public Transaction transaction() {
        return store.transaction();
    }

    /** Ends the watches users left open. Safe to call twice. */
    @Deactivate
    public void close() {
        store.close();
    }
}

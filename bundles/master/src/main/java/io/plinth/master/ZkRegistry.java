package io.plinth.master;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.StateStore;
import io.plinth.coordination.api.Versioned;
import io.plinth.master.core.Registry;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's registry in ZooKeeper through the state store: one znode per agent and per framework
 * (collections {@code mesos-agents}, {@code mesos-frameworks}), holding the protobuf JSON.
 *
 * <p>Agent changes are written behind, by a thread of the registry's own, batched (the last change of
 * each agent wins) and retried every second while ZooKeeper refuses: a thousand agents subscribing at
 * once must not wait, one ZooKeeper write each, on the master's single thread. An agent the next
 * master does not find re-registers with its id all the same. Framework changes are few and written
 * at once. {@link #close()} stops the writer (leadership is over; the next leader recovers).
 */
final class ZkRegistry implements Registry, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkRegistry.class);
    private static final long RETRY_MILLIS = 1000;

    /** How a protobuf message is kept in the Jackson-based state store. */
    public record Stored(String json) {
    }

    private final EntityStore<Stored> agents;
    private final EntityStore<Stored> frameworks;
    private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plinth-master-registry");
        t.setDaemon(true);
        return t;
    });
    private final Object lock = new Object();
    /** Agent id to its info to put, or empty to delete; guarded by lock. */
    private final Map<String, Optional<Stored>> pendingAgents = new LinkedHashMap<>();
    /** Whether a write of pendingAgents is queued; guarded by lock. */
    private boolean writeQueued;

    ZkRegistry(StateStore store) {
        this.agents = store.collection("mesos-agents", Stored.class);
        this.frameworks = store.collection("mesos-frameworks", Stored.class);
    }

    @Override
    public List<AgentInfo> agents() {
        return load(agents, AgentInfo.class);
    }

    @Override
    public List<FrameworkInfo> frameworks() {
        return load(frameworks, FrameworkInfo.class);
    }

    @Override
    public void putAgent(AgentInfo agent) {
        writeBehind(agent.getId().getValue(), Optional.of(new Stored(ProtobufJson.print(agent))));
    }

    @Override
    public void removeAgent(String agentId) {
        writeBehind(agentId, Optional.empty());
    }

    private void writeBehind(String agentId, Optional<Stored> change) {
        synchronized (lock) {
            pendingAgents.put(agentId, change);
            if (!writeQueued) {
                writeQueued = schedule(0);
            }
        }
    }

    /** Writer thread: one batch of agent changes; a failed batch goes back, behind newer changes, and is retried. */
    private void writeAgents() {
        Map<String, Optional<Stored>> batch;
        synchronized (lock) {
            batch = new LinkedHashMap<>(pendingAgents);
            pendingAgents.clear();
            writeQueued = false;
        }
        Map<String, Stored> puts = new LinkedHashMap<>();
        List<String> deletes = new ArrayList<>();
        batch.forEach((id, change) -> change.ifPresentOrElse(stored -> puts.put(id, stored), () -> deletes.add(id)));
        try {
            agents.putAll(puts);
            agents.deleteAll(deletes);
        } catch (RuntimeException e) {
            LOG.warn("Recording {} agent changes in the registry failed, retrying: {}", batch.size(), e.toString());
            synchronized (lock) {
                batch.forEach(pendingAgents::putIfAbsent);
                if (!writeQueued) {
                    writeQueued = schedule(RETRY_MILLIS);
                }
            }
        }
    }

    private boolean schedule(long delayMillis) {
        try {
            writer.schedule(this::writeAgents, delayMillis, TimeUnit.MILLISECONDS);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }

    @Override
    public void putFramework(FrameworkInfo framework) {
        frameworks.put(framework.getId().getValue(), new Stored(ProtobufJson.print(framework)));
    }

    @Override
    public void removeFramework(String frameworkId) {
        frameworks.delete(frameworkId);
    }

    private static <M extends Message> List<M> load(EntityStore<Stored> store, Class<M> type) {
        List<M> all = new ArrayList<>();
        for (Versioned<Stored> entry : store.list()) {
            try {
                all.add(ProtobufJson.parse(entry.value().json(), type));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("registry entry " + entry.id() + " is not a " + type.getSimpleName(), e);
            }
        }
        return all;
    }
}

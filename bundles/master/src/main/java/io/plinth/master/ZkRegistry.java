package io.plinth.master;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.StateStore;
import io.plinth.coordination.api.Versioned;
import io.plinth.master.core.Registry;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * The master's registry in ZooKeeper through the state store: one znode per agent and per framework
 * (collections {@code mesos-agents}, {@code mesos-frameworks}), holding the protobuf JSON.
 */
final class ZkRegistry implements Registry {

    /** How a protobuf message is kept in the Jackson-based state store. */
    public record Stored(String json) {
    }

    private final EntityStore<Stored> agents;
    private final EntityStore<Stored> frameworks;

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
        agents.put(agent.getId().getValue(), new Stored(ProtobufJson.print(agent)));
    }

    @Override
    public void removeAgent(String agentId) {
        agents.delete(agentId);
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

package io.plinth.master.core;

import io.plinth.allocator.api.AllocatorSettings;
import io.plinth.allocator.api.Allocators;
import io.plinth.mesos.api.agent.AgentCall;
import io.plinth.mesos.api.agent.AgentEvent;
import io.plinth.mesos.api.resources.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A master core on a hand-driven clock, with recording channels and an in-memory registry. */
final class Harness {

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    static final class MemoryRegistry implements Registry {
        final Map<String, AgentInfo> agents = new LinkedHashMap<>();
        final Map<String, FrameworkInfo> frameworks = new LinkedHashMap<>();

        @Override
        public List<AgentInfo> agents() {
            return List.copyOf(agents.values());
        }

        @Override
        public List<FrameworkInfo> frameworks() {
            return List.copyOf(frameworks.values());
        }

        @Override
        public void putAgent(AgentInfo agent) {
            agents.put(agent.getId().getValue(), agent);
        }

        @Override
        public void removeAgent(String agentId) {
            agents.remove(agentId);
        }

        @Override
        public void putFramework(FrameworkInfo framework) {
            frameworks.put(framework.getId().getValue(), framework);
        }

        @Override
        public void removeFramework(String frameworkId) {
            frameworks.remove(frameworkId);
        }
    }

    static final class Scheduler implements FrameworkChannel {
        final String streamId = UUID.randomUUID().toString();
        final List<Event> events = new ArrayList<>();
        boolean closed;

        @Override
        public String streamId() {
            return streamId;
        }

        @Override
        public void send(Event event) {
            events.add(event);
        }

        @Override
        public void close() {
            closed = true;
        }

        List<Event> ofType(Event.Type type) {
            return events.stream().filter(e -> e.getType() == type).toList();
        }

        String frameworkId() {
            return ofType(Event.Type.SUBSCRIBED).get(0).getSubscribed().getFrameworkId().getValue();
        }
    }

    static final class Agent implements AgentChannel {
        final String streamId = UUID.randomUUID().toString();
        final List<AgentEvent> events = new ArrayList<>();
        boolean closed;

        @Override
        public String streamId() {
            return streamId;
        }

        @Override
        public void send(AgentEvent event) {
            events.add(event);
        }

        @Override
        public void close() {
            closed = true;
        }

        List<AgentEvent> ofType(AgentEvent.Type type) {
            return events.stream().filter(e -> e.type() == type).toList();
        }

        String agentId() {
            return ofType(AgentEvent.Type.SUBSCRIBED).get(0).subscribed().agentId().getValue();
        }
    }

    final MutableClock clock = new MutableClock();
    final MemoryRegistry registry = new MemoryRegistry();
    final MasterSettings settings = new MasterSettings(Duration.ofSeconds(15), 3, Duration.ofSeconds(60),
            Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(5), 100);

    Master newMaster() {
        MasterInfo info = MasterInfo.newBuilder().setId(UUID.randomUUID().toString()).setIp(0).setPort(5050)
                .setHostname("master").build();
        return new Master(settings, clock, info, registry,
                callback -> Allocators.drf(clock, AllocatorSettings.defaults(), callback));
    }

    static AgentInfo agentInfo(String resources) {
        return AgentInfo.newBuilder().setHostname("127.0.0.1").setPort(5051)
                .addAllResources(Resources.parse(resources).toProto(null, false)).build();
    }

    static AgentCall.Subscribe agentSubscribe(AgentInfo info, List<AgentCall.KnownTask> tasks, List<FrameworkInfo> frameworks) {
        return new AgentCall.Subscribe(info, tasks, frameworks, "test");
    }

    static Call subscribeCall(FrameworkInfo info) {
        Call.Builder call = Call.newBuilder().setType(Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info));
        if (info.hasId()) {
            call.setFrameworkId(info.getId());
        }
        return call.build();
    }

    static FrameworkInfo framework(String name, boolean partitionAware) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder().setUser("root").setName(name).setFailoverTimeout(60);
        if (partitionAware) {
            info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
        }
        return info.build();
    }
}

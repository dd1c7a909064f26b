package io.plinth.master.core;

import io.plinth.mesos.api.resources.Resources;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/** The master's mutable bookkeeping, touched only on the master thread. */
final class Entries {

    private Entries() {
    }

    enum AgentState { ACTIVE, DISCONNECTED, UNREACHABLE, RECOVERED }

    static final class FrameworkEntry {
        final String id;
        FrameworkInfo info;
        FrameworkChannel channel;
        boolean active;
        boolean recovered;
        Instant registeredAt;
        Instant reregisteredAt;
        Instant unregisteredAt;
        Instant failoverDeadline;
        final Map<String, TaskEntry> tasks = new LinkedHashMap<>();
        final Deque<TaskEntry> completed = new ArrayDeque<>();
        final Set<String> offers = new LinkedHashSet<>();

        FrameworkEntry(String id, FrameworkInfo info) {
            this.id = id;
            this.info = info;
        }

        boolean connected() {
            return channel != null;
        }

        boolean hasCapability(FrameworkInfo.Capability.Type type) {
            return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
        }

        boolean partitionAware() {
            return hasCapability(FrameworkInfo.Capability.Type.PARTITION_AWARE);
        }

        boolean multiRole() {
            return hasCapability(FrameworkInfo.Capability.Type.MULTI_ROLE);
        }

        boolean refinedReservations() {
            return hasCapability(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT);
        }

        Set<String> roles() {
            if (multiRole()) {
                return new LinkedHashSet<>(info.getRolesList());
            }
            return Set.of(info.hasRole() ? info.getRole() : "*");
        }
    }

    static final class AgentEntry {
        final String id;
        AgentInfo info;
        Resources total;
        AgentChannel channel;
        AgentState state;
        int missedPings;
        boolean awaitingPong;
        Instant registeredAt;
        Instant reregisteredAt;
        Instant unreachableAt;
        String version = "";
        final Map<TaskKey, TaskEntry> tasks = new LinkedHashMap<>();
        final Set<String> offers = new HashSet<>();

        AgentEntry(String id, AgentInfo info, Resources total, AgentState state) {
            this.id = id;
            this.info = info;
            this.total = total;
            this.state = state;
        }

        /** The agent takes launches and is offered: registered and connected. */
        boolean usable() {
            return state == AgentState.ACTIVE && channel != null;
        }
    }

    record TaskKey(String frameworkId, String taskId) {
    }

    static final class TaskEntry {
        final String frameworkId;
        final String agentId;
        final TaskInfo info;
        final Resources resources;
        final String role;
        TaskStatus latest;
        final List<TaskStatus> statuses = new ArrayList<>();

        TaskEntry(String frameworkId, String agentId, TaskInfo info, Resources resources, String role, TaskStatus initial) {
            this.frameworkId = frameworkId;
            this.agentId = agentId;
            this.info = info;
            this.resources = resources;
            this.role = role;
            this.latest = initial;
            statuses.add(initial);
        }

        TaskKey key() {
            return new TaskKey(frameworkId, info.getTaskId().getValue());
        }

        TaskState state() {
            return latest.getState();
        }

        boolean terminal() {
            return Master.isTerminal(state());
        }
    }

    static final class OfferEntry {
        final Offer offer;
        final Resources resources;
        final String role;
        final Instant createdAt;

        OfferEntry(Offer offer, Resources resources, String role, Instant createdAt) {
            this.offer = offer;
            this.resources = resources;
            this.role = role;
            this.createdAt = createdAt;
        }

        String id() {
            return offer.getId().getValue();
        }

        String frameworkId() {
            return offer.getFrameworkId().getValue();
        }

        String agentId() {
            return offer.getAgentId().getValue();
        }
    }
}

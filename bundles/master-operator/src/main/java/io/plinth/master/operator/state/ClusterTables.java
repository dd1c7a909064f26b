package io.plinth.master.operator.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Task;
import org.apache.mesos.v1.master.Protos.Response.GetAgents;
import org.apache.mesos.v1.master.Protos.Response.GetFrameworks;
import org.apache.mesos.v1.master.Protos.Response.GetState;

/**
 * The rows the {@code plinth:agents}, {@code plinth:frameworks}, {@code plinth:tasks} and
 * {@code plinth:offers} shell commands print, computed from the state so that the commands only lay
 * them out. Thread-safe.
 */
public final class ClusterTables {

    private final ResourceJson resources;

    public ClusterTables(Json json) {
        this.resources = new ResourceJson(json);
    }

    /**
     * An agent.
     *
     * @param roles the roles its resources are reserved for ({@code *} for unreserved ones): the
     *              agent's default role shows here, for example {@code slave_public}
     * @param state {@code active}; {@code deactivated} when an operator deactivated it; else
     *              {@code unreachable} (disconnected from the master)
     */
    public record AgentRow(String id, String hostname, String roles, String state, double cpusUsed, double cpusTotal,
                           double memUsed, double memTotal, double diskUsed, double diskTotal, String attributes) {
    }

    /** A registered framework; {@code tasks} counts its pending, launched and unreachable tasks. */
    public record FrameworkRow(String id, String name, String roles, boolean active, boolean connected, int tasks,
                               double cpusUsed, double memUsed) {
    }

    /** A task; {@code framework} and {@code agent} are names where known, else ids. */
    public record TaskRow(String id, String name, String frameworkId, String framework, String agentId, String agent,
                          String state, double cpus, double mem) {
    }

    /** An outstanding offer; {@code resources} in {@code name:value} text. */
    public record OfferRow(String id, String frameworkId, String framework, String agentId, String agent,
                           String resources) {
    }

    public List<AgentRow> agents(GetState state) {
        List<AgentRow> rows = new ArrayList<>();
        for (GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
            ObjectNode total = resources.summary(agent.getTotalResourcesList());
            ObjectNode used = resources.summary(agent.getAllocatedResourcesList());
            Set<String> roles = new LinkedHashSet<>();
            agent.getTotalResourcesList().forEach(r -> roles.add(ResourceJson.reservationRole(r).orElse("*")));
            StringJoiner attributes = new StringJoiner(";");
            resources.attributes(agent.getAgentInfo().getAttributesList()).fields()
                    .forEachRemaining(e -> attributes.add(e.getKey() + ":" + e.getValue().asText()));
            String condition = agent.getActive() ? "active" : agent.getDeactivated() ? "deactivated" : "unreachable";
            rows.add(new AgentRow(agent.getAgentInfo().getId().getValue(), agent.getAgentInfo().getHostname(),
                    roles.isEmpty() ? "*" : String.join(",", roles), condition,
                    ResourceJson.scalar(used, "cpus"), ResourceJson.scalar(total, "cpus"),
                    ResourceJson.scalar(used, "mem"), ResourceJson.scalar(total, "mem"),
                    ResourceJson.scalar(used, "disk"), ResourceJson.scalar(total, "disk"),
                    attributes.toString()));
        }
        return rows;
    }

    public List<FrameworkRow> frameworks(GetState state) {
        Map<String, Integer> taskCounts = new HashMap<>();
        Stream.of(StateDocuments.pendingTasks(state.getGetTasks()), state.getGetTasks().getTasksList(),
                        state.getGetTasks().getUnreachableTasksList())
                .flatMap(List::stream)
                .forEach(t -> taskCounts.merge(t.getFrameworkId().getValue(), 1, Integer::sum));
        List<FrameworkRow> rows = new ArrayList<>();
        for (GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
            String id = StateDocuments.frameworkId(framework.getFrameworkInfo());
            ObjectNode used = resources.summary(framework.getAllocatedResourcesList());
            rows.add(new FrameworkRow(id, framework.getFrameworkInfo().getName(),
                    String.join(",", StateDocuments.roles(framework.getFrameworkInfo())),
                    framework.getActive(), framework.getConnected(), taskCounts.getOrDefault(id, 0),
                    ResourceJson.scalar(used, "cpus"), ResourceJson.scalar(used, "mem")));
        }
        return rows;
    }

    /**
     * Tasks, optionally only those of one framework (by id or name) or on one agent (by id or
     * hostname); completed tasks only when asked for.
     */
    public List<TaskRow> tasks(GetState state, Optional<String> framework, Optional<String> agent, boolean completed) {
        Names names = new Names(state);
        Stream<Task> tasks = Stream.of(StateDocuments.pendingTasks(state.getGetTasks()), state.getGetTasks().getTasksList(),
                        state.getGetTasks().getUnreachableTasksList(),
                        completed ? state.getGetTasks().getCompletedTasksList() : List.<Task>of())
                .flatMap(List::stream);
        List<TaskRow> rows = new ArrayList<>();
        tasks.forEach(task -> {
            String frameworkId = task.getFrameworkId().getValue();
            String agentId = task.getAgentId().getValue();
            String frameworkName = names.framework(frameworkId);
            String agentName = names.agent(agentId);
            if (framework.isPresent() && !framework.get().equals(frameworkId) && !framework.get().equals(frameworkName)) {
                return;
            }
            if (agent.isPresent() && !agent.get().equals(agentId) && !agent.get().equals(agentName)) {
                return;
            }
            ObjectNode summary = resources.summary(task.getResourcesList());
            rows.add(new TaskRow(task.getTaskId().getValue(), task.getName(), frameworkId, frameworkName, agentId,
                    agentName, task.getState().name(), ResourceJson.scalar(summary, "cpus"),
                    ResourceJson.scalar(summary, "mem")));
        });
        return rows;
    }

    public List<OfferRow> offers(GetState state, Collection<Offer> offers) {
        Names names = new Names(state);
        List<OfferRow> rows = new ArrayList<>();
        for (Offer offer : offers) {
            String frameworkId = offer.getFrameworkId().getValue();
            String agentId = offer.getAgentId().getValue();
            rows.add(new OfferRow(offer.getId().getValue(), frameworkId, names.framework(frameworkId), agentId,
                    offer.getHostname().isEmpty() ? names.agent(agentId) : offer.getHostname(),
                    resourcesText(offer.getResourcesList())));
        }
        return rows;
    }

    /** Agent ids, for completion. */
    public List<String> agentIds(GetState state) {
        return state.getGetAgents().getAgentsList().stream().map(a -> a.getAgentInfo().getId().getValue()).toList();
    }

    /** Registered framework ids, for completion. */
    public List<String> frameworkIds(GetState state) {
        return state.getGetFrameworks().getFrameworksList().stream()
                .map(f -> StateDocuments.frameworkId(f.getFrameworkInfo())).toList();
    }

    /** {@code cpus:2.0 mem:512.0 ports:[31000-31001]}: the non-zero parts of the summary. */
    String resourcesText(List<Resource> list) {
        StringJoiner text = new StringJoiner(" ");
        resources.summary(list).fields().forEachRemaining(e -> {
            if (!e.getValue().isNumber() || e.getValue().asDouble() != 0) {
                text.add(e.getKey() + ":" + e.getValue().asText());
            }
        });
        return text.toString();
    }

    /** Framework names and agent hostnames by id. */
    private static final class Names {
        private final Map<String, String> frameworks = new HashMap<>();
        private final Map<String, String> agents = new HashMap<>();

        Names(GetState state) {
            Stream.concat(state.getGetFrameworks().getFrameworksList().stream(),
                            state.getGetFrameworks().getCompletedFrameworksList().stream())
                    .forEach(f -> frameworks.putIfAbsent(StateDocuments.frameworkId(f.getFrameworkInfo()),
                            f.getFrameworkInfo().getName()));
            state.getGetAgents().getAgentsList().forEach(a -> agents.put(a.getAgentInfo().getId().getValue(),
                    a.getAgentInfo().getHostname()));
        }

        String framework(String id) {
            return frameworks.getOrDefault(id, id);
        }

        String agent(String id) {
            return agents.getOrDefault(id, id);
        }
    }
}

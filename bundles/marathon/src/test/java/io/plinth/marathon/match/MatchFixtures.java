package io.plinth.marathon.match;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.FetchUri;
import io.plinth.marathon.api.HealthCheck;
import io.plinth.marathon.api.PortDefinition;
import io.plinth.marathon.match.constraints.BuiltInOperators;
import io.plinth.mesos.api.resources.Attributes;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos;

/** Builders for apps and offers in the matcher's tests. */
final class MatchFixtures {

    private MatchFixtures() {
    }

    /** A matcher with the built-in operators, default roles {@code *}, and counting UUIDs. */
    static OfferMatcher matcher(String frameworkRole) {
        return new OfferMatcher(name -> Optional.ofNullable(BuiltInOperators.all().get(name)), List.of("*"),
                frameworkRole, countingUuids());
    }

    static Supplier<UUID> countingUuids() {
        AtomicLong next = new AtomicLong();
        return () -> new UUID(0, next.incrementAndGet());
    }

    /**
     * An offer as the master builds it: refined reservations when {@code refined} (RESERVATION_REFINEMENT
     * frameworks), {@code allocation_info} when {@code allocationRole} is set (MULTI_ROLE frameworks).
     */
    static Protos.Offer offerProto(String id, String agent, String host, String resources, String attributes,
                                   String allocationRole, boolean refined) {
        Protos.Offer.Builder offer = Protos.Offer.newBuilder()
                .setId(Protos.OfferID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue("marathon"))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agent))
                .setHostname(host)
                .addAllResources(Resources.parse(resources).toProto(allocationRole, refined))
                .addAllAttributes(Attributes.parse(attributes).toProto());
        if (allocationRole != null) {
            offer.setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(allocationRole));
        }
        return offer.build();
    }

    /** A refined, MULTI_ROLE-shaped offer for role {@code *}, e.g. {@code offer("o1", "a1", "h1", "cpus:2;mem:512", "rack:a")}. */
    static OfferView offer(String id, String agent, String host, String resources, String attributes) {
        return OfferView.of(offerProto(id, agent, host, resources, attributes, "*", true));
    }

    static App app(String id) {
        return new App(id);
    }

    /** A mutable builder of {@link AppDefinition}s with small defaults (1 cpu, 128 MB). */
    static final class App {
        String id;
        String cmd = "sleep 1000";
        List<String> args;
        String user;
        Map<String, String> env = Map.of();
        double cpus = 1;
        double mem = 128;
        double disk;
        double gpus;
        List<List<String>> constraints = new ArrayList<>();
        List<FetchUri> fetch = List.of();
        List<PortDefinition> ports = List.of();
        boolean requirePorts;
        List<HealthCheck> healthChecks = List.of();
        Map<String, String> labels = Map.of();
        List<String> roles;
        Integer killGrace;

        App(String id) {
            this.id = id;
        }

        App cmd(String value) { cmd = value; return this; }
        App args(String... value) { cmd = null; args = List.of(value); return this; }
        App user(String value) { user = value; return this; }
        App env(Map<String, String> value) { env = value; return this; }
        App cpus(double value) { cpus = value; return this; }
        App mem(double value) { mem = value; return this; }
        App disk(double value) { disk = value; return this; }
        App gpus(double value) { gpus = value; return this; }
        App constraint(String... value) { constraints.add(List.of(value)); return this; }
        App fetch(FetchUri... value) { fetch = List.of(value); return this; }
        App ports(PortDefinition... value) { ports = List.of(value); return this; }
        App requirePorts() { requirePorts = true; return this; }
        App healthChecks(HealthCheck... value) { healthChecks = List.of(value); return this; }
        App labels(Map<String, String> value) { labels = value; return this; }
        App roles(String... value) { roles = List.of(value); return this; }
        App killGrace(int seconds) { killGrace = seconds; return this; }

        AppDefinition build() {
            return new AppDefinition(id, cmd, args, user, env, 1, cpus, mem, disk, gpus, constraints, fetch, ports,
                    requirePorts, healthChecks, List.of(), null, 1, 1.15, 3600, labels, roles, killGrace, null, null,
                    "2024-01-01T00:00:00.000Z", null);
        }

        PendingLaunch pending(int count) {
            return new PendingLaunch(build(), count);
        }
    }

    static PortDefinition port(int number, String name) {
        return new PortDefinition(number, "tcp", name, Map.of());
    }

    static HealthCheck check(String protocol, String path, Integer portIndex, Integer port,
                             HealthCheck.Command command) {
        return new HealthCheck(protocol, path, portIndex, port, command, 300, 60, 20, 3, false, 15);
    }

    static Map<String, String> env(Protos.TaskInfo task) {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        for (Protos.Environment.Variable v : task.getCommand().getEnvironment().getVariablesList()) {
            env.put(v.getName(), v.getValue());
        }
        return env;
    }
}

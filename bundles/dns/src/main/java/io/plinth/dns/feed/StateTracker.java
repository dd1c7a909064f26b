package io.plinth.dns.feed;

import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;

/**
 * Folds the leading master's operator API events into a {@link ClusterState}: {@link #reset} with the
 * {@code get_state} of {@code SUBSCRIBED}, then {@link #apply} for every event that follows, reading
 * {@link #state()} whenever a value is wanted. Terminal tasks are dropped; unreachable ones are kept
 * (not running, so they get no records) because they may come back with a {@code TASK_UPDATED} that
 * carries no {@code TaskInfo}.
 *
 * <p>Not thread-safe: one thread (the feed's) calls everything. No I/O except through the host
 * resolver given to the constructor, which is asked for agents whose address is a host name.
 */
public final class StateTracker {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Set<TaskState> TERMINAL = EnumSet.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
            TaskState.TASK_KILLED, TaskState.TASK_ERROR, TaskState.TASK_LOST, TaskState.TASK_DROPPED,
            TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR);
    private static final String RUNNING = TaskState.TASK_RUNNING.name();

    private final List<Master> masters;
    private final Function<String, Optional<String>> hostToIp;

    private Optional<Master> leader = Optional.empty();
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Framework> frameworks = new LinkedHashMap<>();
    /** Keyed by framework id and task id: task ids are unique only within a framework. */
    private final Map<TaskKey, Task> tasks = new LinkedHashMap<>();
    private ClusterState snapshot;

    /**
     * @param masters  every master of the cluster, as configured (the {@code masterN} records)
     * @param hostToIp the IPv4 address of an agent host name that is not an address itself, empty if
     *                 unknown (for example {@link #resolveIpv4}, or {@code host -> Optional.empty()})
     */
    public StateTracker(List<Master> masters, Function<String, Optional<String>> hostToIp) {
        this.masters = List.copyOf(masters);
        this.hostToIp = Objects.requireNonNull(hostToIp, "hostToIp");
    }

    /** Resolves a host name to its first IPv4 address with the JVM's resolver; empty if it has none. */
    public static Optional<String> resolveIpv4(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address) {
                    return Optional.of(address.getHostAddress());
                }
            }
        } catch (UnknownHostException e) {
            // an unresolvable agent simply has no address records
        }
        return Optional.empty();
    }

    /** Replaces everything with a master's full state, as a {@code SUBSCRIBED} event carries it. */
    public void reset(Response.GetState state, Optional<Master> leader) {
        this.leader = Objects.requireNonNull(leader, "leader");
        agents.clear();
        frameworks.clear();
        tasks.clear();
        for (Response.GetAgents.Agent agent : state.getGetAgents().getAgentsList()) {
            Agent mapped = agent(agent);
            agents.put(mapped.id(), mapped);
        }
        for (Response.GetFrameworks.Framework framework : state.getGetFrameworks().getFrameworksList()) {
            Framework mapped = framework(framework.getFrameworkInfo());
            frameworks.put(mapped.id(), mapped);
        }
        List<org.apache.mesos.v1.Protos.Task> live = new ArrayList<>(state.getGetTasks().getTasksList());
        live.addAll(state.getGetTasks().getUnreachableTasksList());
        for (org.apache.mesos.v1.Protos.Task task : live) {
            if (!TERMINAL.contains(task.getState())) {
                Task mapped = task(task);
                tasks.put(TaskKey.of(mapped), mapped);
            }
        }
        snapshot = null;
    }

    /**
     * Applies one event.
     *
     * @return true if records could differ because of it: a task started or stopped running, a running
     *     task changed, an agent or framework came, went or changed. False for heartbeats, for changes
     *     of tasks that are not running and for events that repeat what is known.
     */
    public boolean apply(Event event) {
        return switch (event.getType()) {
            case SUBSCRIBED -> {
                reset(event.getSubscribed().getGetState(), leader);
                yield true;
            }
            case TASK_ADDED -> taskAdded(event.getTaskAdded().getTask());
            case TASK_UPDATED -> taskUpdated(event.getTaskUpdated());
            case AGENT_ADDED -> {
                Agent agent = agent(event.getAgentAdded().getAgent());
                yield changed(!agent.equals(agents.put(agent.id(), agent)));
            }
            case AGENT_REMOVED -> changed(agents.remove(event.getAgentRemoved().getAgentId().getValue()) != null);
            case FRAMEWORK_ADDED -> frameworkChanged(framework(event.getFrameworkAdded().getFramework().getFrameworkInfo()));
            case FRAMEWORK_UPDATED ->
                    frameworkChanged(framework(event.getFrameworkUpdated().getFramework().getFrameworkInfo()));
            case FRAMEWORK_REMOVED -> frameworkRemoved(event.getFrameworkRemoved().getFrameworkInfo().getId().getValue());
            default -> false;
        };
    }

    /** The state as of the last reset and the events applied since. */
    public ClusterState state() {
        if (snapshot == null) {
            snapshot = new ClusterState(leader, masters, List.copyOf(agents.values()),
                    List.copyOf(frameworks.values()), List.copyOf(tasks.values()));
        }
        return snapshot;
    }

    private boolean taskAdded(org.apache.mesos.v1.Protos.Task info) {
        if (TERMINAL.contains(info.getState())) {
            return false;
        }
        Task task = task(info);
        Task before = tasks.put(TaskKey.of(task), task);
        snapshot = null;
        return !Objects.equals(dnsView(before), dnsView(task));
    }

    private boolean taskUpdated(Event.TaskUpdated update) {
        TaskStatus status = update.getStatus();
        TaskKey key = new TaskKey(update.getFrameworkId().getValue(), status.getTaskId().getValue());
        Task before = tasks.get(key);
        if (before == null) {
            // TASK_ADDED always comes first; without the TaskInfo there is nothing to name
            return false;
        }
        TaskState state = update.hasState() ? update.getState() : status.getState();
        snapshot = null;
        if (TERMINAL.contains(state)) {
            tasks.remove(key);
            return dnsView(before) != null;
        }
        List<String> ips = status.hasContainerStatus() ? networkIps(status) : before.networkIps();
        String agentId = status.hasAgentId() ? status.getAgentId().getValue() : before.agentId();
        Task after = new Task(before.id(), before.name(), before.frameworkId(), agentId, state.name(),
                before.hostPorts(), before.discovery(), ips, before.labels());
        tasks.put(key, after);
        return !Objects.equals(dnsView(before), dnsView(after));
    }

    private boolean frameworkChanged(Framework framework) {
        return changed(!framework.equals(frameworks.put(framework.id(), framework)));
    }

    private boolean frameworkRemoved(String id) {
        boolean known = frameworks.remove(id) != null;
        boolean hadTasks = tasks.keySet().removeIf(key -> key.frameworkId().equals(id));
        return changed(known || hadTasks);
    }

    private boolean changed(boolean changed) {
        if (changed) {
            snapshot = null;
        }
        return changed;
    }

    /** What records are made of: a task only counts while it runs. */
    private static Task dnsView(Task task) {
        return task != null && RUNNING.equals(task.state()) ? task : null;
    }

    private Agent agent(Response.GetAgents.Agent agent) {
        String hostname = agent.getAgentInfo().getHostname();
        return new Agent(agent.getAgentInfo().getId().getValue(), hostname, agentIp(agent.getPid(), hostname));
    }

    /**
     * The address in the agent's pid ({@code slave(1)@host:port}) if it is one, as Mesos-DNS takes it;
     * Plinth's master puts the announced host name there, which is the agent's IP unless a name was
     * configured: that one is resolved.
     */
    private String agentIp(String pid, String hostname) {
        String host = pidHost(pid);
        for (String candidate : new String[] {host, hostname}) {
            if (candidate != null && IPV4.matcher(candidate).matches()) {
                return candidate;
            }
        }
        String name = host != null && !host.isEmpty() ? host : hostname;
        return name.isEmpty() ? "" : hostToIp.apply(name).orElse("");
    }

    private static String pidHost(String pid) {
        int at = pid.indexOf('@');
        if (at < 0) {
            return null;
        }
        String address = pid.substring(at + 1);
        int colon = address.lastIndexOf(':');
        return colon < 0 ? address : address.substring(0, colon);
    }

    private static Framework framework(org.apache.mesos.v1.Protos.FrameworkInfo info) {
        return new Framework(info.getId().getValue(), info.getName());
    }

    private static Task task(org.apache.mesos.v1.Protos.Task info) {
        List<TaskStatus> statuses = info.getStatusesList();
        List<String> ips = List.of();
        // the newest status that reports the container's networks says where the task is now
        for (int i = statuses.size() - 1; i >= 0; i--) {
            if (statuses.get(i).hasContainerStatus()) {
                ips = networkIps(statuses.get(i));
                break;
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Label label : info.getLabels().getLabelsList()) {
            labels.put(label.getKey(), label.getValue());
        }
        return new Task(info.getTaskId().getValue(), info.getName(), info.getFrameworkId().getValue(),
                info.getAgentId().getValue(), info.getState().name(), hostPorts(info.getResourcesList()),
                info.hasDiscovery() ? Optional.of(discovery(info.getDiscovery())) : Optional.empty(), ips, labels);
    }

    private static List<Integer> hostPorts(List<Resource> resources) {
        List<Integer> ports = new ArrayList<>();
        for (Resource resource : resources) {
            if ("ports".equals(resource.getName()) && resource.getType() == Value.Type.RANGES) {
                for (Value.Range range : resource.getRanges().getRangeList()) {
                    for (long port = range.getBegin(); port <= range.getEnd() && port <= 65535; port++) {
                        ports.add((int) port);
                    }
                }
            }
        }
        return ports;
    }

    private static Discovery discovery(DiscoveryInfo info) {
        List<DiscoveryPort> ports = new ArrayList<>();
        for (org.apache.mesos.v1.Protos.Port port : info.getPorts().getPortsList()) {
            ports.add(new DiscoveryPort(port.getNumber(), port.getName(), port.getProtocol()));
        }
        return new Discovery(info.getVisibility().name(), info.getName(), ports);
    }

    private static List<String> networkIps(TaskStatus status) {
        List<String> ips = new ArrayList<>();
        for (NetworkInfo network : status.getContainerStatus().getNetworkInfosList()) {
            for (NetworkInfo.IPAddress address : network.getIpAddressesList()) {
                if (address.hasIpAddress() && !address.getIpAddress().isEmpty()) {
                    ips.add(address.getIpAddress());
                }
            }
        }
        return ips;
    }

    private record TaskKey(String frameworkId, String taskId) {
        static TaskKey of(Task task) {
            return new TaskKey(task.frameworkId(), task.id());
        }
    }
}

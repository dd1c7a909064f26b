package io.plinth.dns.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a Mesos master's v0 {@code /master/state} (or {@code /master/state.json}) document into a
 * {@link ClusterState}. Pure and thread-safe; the caller does the HTTP.
 *
 * <p>Lenient like Mesos-DNS: absent fields read as empty, unparsable port ranges are skipped. Mapping:
 * <ul>
 *   <li>leader: from {@code "leader"} ("master@ip:port"); its hostname from {@code leader_info.hostname},
 *       else {@code "hostname"} when the answering master is the leader, else its IP. The state document
 *       names no other master, so {@code masters} holds just the leader (Mesos-DNS with ZooKeeper knows no
 *       more either).</li>
 *   <li>agents: {@code slaves[]}; the IP is the host of the agent's pid "slave(1)@ip:port".</li>
 *   <li>tasks: {@code frameworks[].tasks[]}; host ports from the {@code resources.ports} string
 *       "[31000-31001, 31005-31005]".</li>
 *   <li>the status Mesos-DNS reads IPs from: the TASK_RUNNING status with the latest timestamp.
 *       {@code networkIps} come from its {@code container_status.network_infos[].ip_addresses[]}
 *       (or the pre-0.26 single {@code ip_address}); its labels (where the containerizers put
 *       {@link RecordGenerator#MESOS_IP_LABEL} and {@link RecordGenerator#DOCKER_IP_LABEL}) are merged
 *       over the task's own labels, because the generator reads both IP sources from {@link Task#labels()}.
 *   </li>
 * </ul>
 * Labels are accepted in both renderings Mesos uses: {@code [{key,value}]} and {@code {labels:[...]}};
 * DiscoveryInfo ports likewise as {@code {ports:[...]}} or {@code [...]}.
 */
public final class StateJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StateJson() {
    }

    /** Parses the document; throws IOException if it is not JSON. Does not close {@code in}. */
    public static ClusterState parse(InputStream in) throws IOException {
        return fromTree(MAPPER.readTree(in));
    }

    /** Parses the document; throws IOException if it is not JSON. */
    public static ClusterState parse(String json) throws IOException {
        return fromTree(MAPPER.readTree(json));
    }

    private static ClusterState fromTree(JsonNode root) throws IOException {
        if (root == null || !root.isObject()) {
            throw new IOException("Mesos state: expected a JSON object");
        }
        Optional<Master> leader = leader(root);
        List<Agent> agents = new ArrayList<>();
        for (JsonNode slave : root.path("slaves")) {
            String pid = text(slave, "pid");
            String hostname = text(slave, "hostname");
            String ip = pidHost(pid).orElse(hostname);
            agents.add(new Agent(text(slave, "id"), hostname, ip));
        }
        List<Framework> frameworks = new ArrayList<>();
        List<Task> tasks = new ArrayList<>();
        for (JsonNode framework : root.path("frameworks")) {
            String frameworkId = text(framework, "id");
            frameworks.add(new Framework(frameworkId, text(framework, "name")));
            for (JsonNode task : framework.path("tasks")) {
                tasks.add(task(task, frameworkId));
            }
        }
        return new ClusterState(leader, leader.map(List::of).orElse(List.of()), agents, frameworks, tasks);
    }

    private static Optional<Master> leader(JsonNode root) {
        String pid = text(root, "leader");
        Optional<String> host = pidHost(pid);
        Optional<Integer> port = pidPort(pid);
        if (host.isEmpty() || port.isEmpty()) {
            return Optional.empty();
        }
        String hostname = text(root.path("leader_info"), "hostname");
        if (hostname.isEmpty() && pid.equals(text(root, "pid"))) {
            hostname = text(root, "hostname");
        }
        return Optional.of(new Master(hostname.isEmpty() ? host.get() : hostname, host.get(), port.get()));
    }

    private static Task task(JsonNode task, String parentFrameworkId) {
        String frameworkId = text(task, "framework_id");
        String agentId = text(task, "slave_id");
        JsonNode status = latestRunningStatus(task.path("statuses"));
        Map<String, String> labels = new LinkedHashMap<>(labels(task.path("labels")));
        labels.putAll(labels(status.path("labels")));
        return new Task(text(task, "id"), text(task, "name"),
                frameworkId.isEmpty() ? parentFrameworkId : frameworkId,
                agentId.isEmpty() ? text(task, "agent_id") : agentId,
                text(task, "state"), ports(text(task.path("resources"), "ports")), discovery(task.path("discovery")),
                networkIps(status), labels);
    }

    /** Mesos does not order statuses, so Mesos-DNS picks the running one by timestamp; so do we. */
    private static JsonNode latestRunningStatus(JsonNode statuses) {
        JsonNode latest = null;
        double latestTimestamp = Double.NEGATIVE_INFINITY;
        for (JsonNode status : statuses) {
            double timestamp = status.path("timestamp").asDouble(0);
            if ("TASK_RUNNING".equals(text(status, "state")) && (latest == null || timestamp > latestTimestamp)) {
                latest = status;
                latestTimestamp = timestamp;
            }
        }
        return latest == null ? MissingNode.getInstance() : latest;
    }

    private static List<String> networkIps(JsonNode status) {
        List<String> ips = new ArrayList<>();
        for (JsonNode info : status.path("container_status").path("network_infos")) {
            JsonNode addresses = info.path("ip_addresses");
            if (addresses.size() > 0) {
                for (JsonNode address : addresses) {
                    addIfPresent(ips, text(address, "ip_address"));
                }
            } else {
                addIfPresent(ips, text(info, "ip_address"));
            }
        }
        return ips;
    }

    private static Optional<Discovery> discovery(JsonNode discovery) {
        if (!discovery.isObject()) {
            return Optional.empty();
        }
        JsonNode portsNode = discovery.path("ports");
        if (portsNode.isObject()) {
            portsNode = portsNode.path("ports");
        }
        List<DiscoveryPort> ports = new ArrayList<>();
        for (JsonNode port : portsNode) {
            ports.add(new DiscoveryPort(port.path("number").asInt(0), text(port, "name"), text(port, "protocol")));
        }
        return Optional.of(new Discovery(text(discovery, "visibility"), text(discovery, "name"), ports));
    }

    private static Map<String, String> labels(JsonNode labels) {
        JsonNode list = labels.isObject() ? labels.path("labels") : labels;
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode label : list) {
            if (label.hasNonNull("key")) {
                out.put(label.get("key").asText(), text(label, "value"));
            }
        }
        return out;
    }

    /** Expands Mesos's range text "[31000-31001, 31005-31005]"; a bare "31000" counts as one port. */
    static List<Integer> ports(String ranges) {
        String body = ranges.trim();
        if (body.startsWith("[")) {
            body = body.substring(1);
        }
        if (body.endsWith("]")) {
            body = body.substring(0, body.length() - 1);
        }
        List<Integer> ports = new ArrayList<>();
        for (String range : body.split(",")) {
            String r = range.trim();
            if (r.isEmpty()) {
                continue;
            }
            int dash = r.indexOf('-');
            try {
                int low = Integer.parseInt((dash < 0 ? r : r.substring(0, dash)).trim());
                int high = dash < 0 ? low : Integer.parseInt(r.substring(dash + 1).trim());
                if (low < 0 || high > 65535 || low > high) {
                    continue;
                }
                for (int port = low; port <= high; port++) {
                    ports.add(port);
                }
            } catch (NumberFormatException e) {
                // Mesos-DNS logs and skips a malformed range; there is nothing better to do with it.
            }
        }
        return ports;
    }

    /** The host of a libprocess pid "name@host:port" ("[v6]" brackets removed). */
    static Optional<String> pidHost(String pid) {
        int at = pid.indexOf('@');
        int colon = pid.lastIndexOf(':');
        if (at < 0 || colon <= at + 1) {
            return Optional.empty();
        }
        String host = pid.substring(at + 1, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return host.isEmpty() ? Optional.empty() : Optional.of(host);
    }

    private static Optional<Integer> pidPort(String pid) {
        int colon = pid.lastIndexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        try {
            int port = Integer.parseInt(pid.substring(colon + 1));
            return port >= 0 && port <= 65535 ? Optional.of(port) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void addIfPresent(List<String> out, String value) {
        if (!value.isEmpty()) {
            out.add(value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : "";
    }
}

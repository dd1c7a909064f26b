package io.plinth.itests.cluster;

import io.plinth.itests.support.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several {@link PlinthNode}s on loopback that share one ZooKeeper ensemble, each node hosting one
 * embedded ensemble member. Every port is free-picked. Close kills every node still running.
 */
public final class PlinthCluster implements AutoCloseable {

    private final List<PlinthNode> nodes;

    private PlinthCluster(List<PlinthNode> nodes) {
        this.nodes = nodes;
    }

    /**
     * @param home   the unpacked distribution
     * @param work   a directory for the nodes' bases
     * @param size   number of nodes (and ensemble members)
     * @param role   PLINTH_ROLE of every node, for example {@code zookeeper,master}
     * @param extra  further environment for every node
     */
    public static PlinthCluster create(Path home, Path work, int size, String role, Map<String, String> extra) {
        FreePorts ports = new FreePorts();
        List<int[]> zk = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            zk.add(new int[] {ports.next(), ports.next(), ports.next()});
        }
        String servers = zk.stream()
                .map(p -> "127.0.0.1:" + p[1] + ":" + p[2] + ";" + p[0])
                .collect(Collectors.joining(","));
        String connect = zk.stream().map(p -> "127.0.0.1:" + p[0]).collect(Collectors.joining(","));
        List<PlinthNode> nodes = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PLINTH_ROLE", role);
            env.put("PLINTH_HTTP_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_SSH_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_RMI_REGISTRY_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_RMI_SERVER_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_DNS_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_EDGE_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_ZK_PORT", String.valueOf(zk.get(i)[0]));
            env.put("PLINTH_ZK_SERVERS", servers);
            env.put("PLINTH_ZK_ID", String.valueOf(i + 1));
            env.put("PLINTH_ZK", connect);
            env.put("PLINTH_ADVERTISE_IP", "127.0.0.1");
            env.putAll(extra);
            String name = "node-" + (i + 1);
            nodes.add(new PlinthNode(name, home, work.resolve(name), env));
        }
        return new PlinthCluster(List.copyOf(nodes));
    }

    public List<PlinthNode> nodes() {
        return nodes;
    }

    public void start() {
        nodes.forEach(PlinthNode::start);
    }

    public List<PlinthNode> running() {
        return nodes.stream().filter(PlinthNode::isAlive).collect(Collectors.toList());
    }

    /** The node whose HTTP address is {@code address} ({@code ip:port}). */
    public PlinthNode byAddress(String address) {
        return nodes.stream()
                .filter(node -> address.equals("127.0.0.1:" + node.httpPort()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No node at " + address));
    }

    @Override
    public void close() {
        nodes.forEach(PlinthNode::close);
    }
}

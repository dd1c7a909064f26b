package io.plinth.itests.cluster;

import io.plinth.itests.support.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Several {@link PlinthNode}s on loopback that share one ZooKeeper ensemble, each node hosting one
 * embedded ensemble member (or, in a mixed cluster, only the member nodes; the others connect to
 * them). Every port is free-picked. Close kills every node still running.
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
        return create(home, work, Collections.nCopies(size, NodeSpec.member(role, extra)));
    }

    /**
     * A cluster that mixes roles: nodes are named {@code node-1}, {@code node-2}, ... in the order of
     * {@code specs}; the ensemble is made of the {@link NodeSpec#member member} nodes, and every node
     * connects to all of them.
     */
    public static PlinthCluster create(Path home, Path work, List<NodeSpec> specs) {
        FreePorts ports = new FreePorts();
        Map<Integer, int[]> zk = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).ensembleMember()) {
                zk.put(i, new int[] {ports.next(), ports.next(), ports.next()});
            }
        }
        if (zk.isEmpty()) {
            throw new IllegalArgumentException("A cluster needs at least one ZooKeeper ensemble member");
        }
        String servers = zk.values().stream()
                .map(p -> "127.0.0.1:" + p[1] + ":" + p[2] + ";" + p[0])
                .collect(Collectors.joining(","));
        String connect = zk.values().stream().map(p -> "127.0.0.1:" + p[0]).collect(Collectors.joining(","));
        List<Integer> memberIndexes = new ArrayList<>(zk.keySet());
        List<PlinthNode> nodes = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            NodeSpec spec = specs.get(i);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("PLINTH_ROLE", spec.role());
            env.put("PLINTH_HTTP_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_SSH_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_RMI_REGISTRY_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_RMI_SERVER_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_DNS_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_DNS_HTTP_PORT", String.valueOf(ports.next()));
            env.put("PLINTH_EDGE_PORT", String.valueOf(ports.next()));
            if (spec.ensembleMember()) {
                env.put("PLINTH_ZK_PORT", String.valueOf(zk.get(i)[0]));
                env.put("PLINTH_ZK_SERVERS", servers);
                env.put("PLINTH_ZK_ID", String.valueOf(memberIndexes.indexOf(i) + 1));
            }
            env.put("PLINTH_ZK", connect);
            env.put("PLINTH_ADVERTISE_IP", "127.0.0.1");
            env.putAll(spec.environment());
            String name = "node-" + (i + 1);
            nodes.add(new PlinthNode(name, home, work.resolve(name), env));
        }
        return new PlinthCluster(List.copyOf(nodes));
    }

    /**
     * One node of a mixed cluster.
     *
     * @param role           PLINTH_ROLE
     * @param ensembleMember whether the node hosts an embedded ZooKeeper ensemble member
     * @param environment    further environment for this node
     */
    public record NodeSpec(String role, boolean ensembleMember, Map<String, String> environment) {

        /** A node that hosts an ensemble member (its role should include {@code zookeeper}). */
        public static NodeSpec member(String role, Map<String, String> environment) {
            return new NodeSpec(role, true, environment);
        }

        /** A node that only connects to the ensemble, for example an {@code agent}. */
        public static NodeSpec client(String role, Map<String, String> environment) {
            return new NodeSpec(role, false, environment);
        }
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

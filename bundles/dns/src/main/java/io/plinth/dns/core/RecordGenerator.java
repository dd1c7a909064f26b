package io.plinth.dns.core;

import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Turns a {@link ClusterState} into the {@link Records} Mesos-DNS would serve for it. Pure and stateless:
 * call {@link #generate} from any thread, as often as the state changes.
 *
 * <p>Names, for domain {@code d}, framework {@code f} (sanitised as a domain fragment) and running task
 * {@code t} (sanitised as one label; its DiscoveryInfo name instead when it has one), with
 * {@code c = t-<hash of task id>-<last '-' field of agent id>} the task's canonical label:
 * <pre>
 *   A    t.f.d.  c.f.d.              task IP (first IPv4 along ipSources)
 *   A    t.f.slave.d.  c.f.slave.d.  agent IP
 *   SRV  _t._tcp.f.slave.d.  _t._udp.f.slave.d.         -> c.f.slave.d.:hostPort   (every host port)
 *   SRV  _t._tcp.f.d.  _t._udp.f.d.                     -> c.f.slave.d.:hostPort   (no DiscoveryInfo only)
 *   SRV  _t._proto.f.d.  _name._t._proto.f.d.           -> c.f.d.:number           (DiscoveryInfo ports;
 *                                                          no protocol means tcp and udp)
 *   A    leader.d.  master.d.  masterN.d.  slave.d.  serverName.
 *   SRV  _leader._tcp.d.  _leader._udp.d.               -> leader.d.:leaderPort
 * </pre>
 * Only TASK_RUNNING tasks on a known agent of a known framework get records, as in Mesos-DNS. Where Mesos-DNS
 * would emit a name no DNS server can carry, we do not: a task or framework whose name sanitises to nothing
 * is skipped, a canonical label is kept within 63 characters by shortening its task-name part, and names
 * longer than 253 characters are dropped. Only IPv4 is served: IPv6 addresses are passed over. Mesos-DNS's
 * "legacy" second set of records under the unsanitised DiscoveryInfo name is not generated either.
 *
 * <p>Not generated, because the shared model does not carry the data: Mesos-DNS's
 * {@code f.d.} / {@code _framework._tcp.f.d.} (scheduler address) and {@code _slave._tcp.d.} (agent port).
 */
public final class RecordGenerator {

    private static final String RUNNING = "TASK_RUNNING";
    private static final String ZBASE32 = "ybndrfg8ejkmcpqxot1uwisza345h769";
    private static final int MAX_NAME = 253;
    /** Task (status) label key holding the task IP for the "mesos" IP source. */
    public static final String MESOS_IP_LABEL = "MesosContainerizer.NetworkSettings.IPAddress";
    /** Task (status) label key holding the task IP for the "docker" IP source. */
    public static final String DOCKER_IP_LABEL = "Docker.NetworkSettings.IPAddress";

    /** Generates the records for {@code state} under {@code config}, stamped with {@code serial}. */
    public Records generate(ClusterState state, DnsConfig config, long serial) {
        Emitter out = new Emitter(Records.builder(serial));
        String tail = "." + config.domain() + ".";
        UnaryOperator<String> spec = Labels.spec(config.enforceRfc952());

        Map<String, String> agentIps = new HashMap<>();
        for (Agent agent : state.agents()) {
            String ip = DnsConfig.isIpv4(agent.ip()) ? agent.ip() : "";
            out.a("slave" + tail, ip);
            agentIps.put(agent.id(), ip);
        }
        out.a(config.serverName() + ".", config.serverIp());
        state.leader().ifPresent(leader -> masterRecords(out, tail, leader, state.masters()));

        Map<String, Framework> frameworks = new HashMap<>();
        state.frameworks().forEach(f -> frameworks.put(f.id(), f));
        for (Task task : state.tasks()) {
            Framework framework = frameworks.get(task.frameworkId());
            String agentIp = agentIps.get(task.agentId());
            if (framework != null && agentIp != null && RUNNING.equals(task.state())) {
                taskRecords(out, tail, spec, config.ipSources(), task, framework, agentIp);
            }
        }
        return out.builder.build();
    }

    /** Mesos-DNS's masterN numbering: masters in list order, the leader numbered after them if not listed. */
    private static void masterRecords(Emitter out, String tail, Master leader, List<Master> masters) {
        if (!DnsConfig.isIpv4(leader.ip())) {
            return;
        }
        String leaderName = "leader" + tail;
        String allMasters = "master" + tail;
        out.a(leaderName, leader.ip());
        out.a(allMasters, leader.ip());
        out.srv("_leader._tcp" + tail, leaderName, leader.port());
        out.srv("_leader._udp" + tail, leaderName, leader.port());

        boolean leaderNumbered = false;
        int index = 0;
        for (Master master : masters) {
            if (!DnsConfig.isIpv4(master.ip())) {
                continue;
            }
            boolean isLeader = master.ip().equals(leader.ip()) && master.port() == leader.port();
            if (!isLeader && !out.a(allMasters, master.ip())) {
                continue;
            }
            if (isLeader && leaderNumbered) {
                continue;
            }
            out.a("master" + index + tail, master.ip());
            index++;
            leaderNumbered |= isLeader;
        }
        if (!leaderNumbered) {
            out.a("master" + index + tail, leader.ip());
        }
    }

    private static void taskRecords(Emitter out, String tail, UnaryOperator<String> spec, List<String> ipSources,
                                    Task task, Framework framework, String agentIp) {
        String frameworkName = Labels.domainFrag(framework.name(), spec);
        Optional<Discovery> discovery = task.discovery().filter(d -> d.name() != null && !d.name().isEmpty());
        String taskName = spec.apply(discovery.map(Discovery::name).orElse(task.name()));
        if (frameworkName.isEmpty() || taskName.isEmpty()) {
            return;
        }
        String canonical = canonicalLabel(taskName, hash(task.id()), spec.apply(agentIdTail(task.agentId())));
        String taskIp = taskIp(task, agentIp, ipSources);

        String plain = taskName + "." + frameworkName;
        String full = canonical + "." + frameworkName;
        out.a(plain + tail, taskIp);
        out.a(full + tail, taskIp);
        out.a(plain + ".slave" + tail, agentIp);
        out.a(full + ".slave" + tail, agentIp);

        String service = "_" + taskName;
        String slaveTarget = full + ".slave" + tail;
        for (int port : task.hostPorts()) {
            for (String protocol : List.of("_tcp", "_udp")) {
                out.srv(service + "." + protocol + "." + frameworkName + ".slave" + tail, slaveTarget, port);
                if (discovery.isEmpty()) {
                    out.srv(service + "." + protocol + "." + frameworkName + tail, slaveTarget, port);
                }
            }
        }
        if (discovery.isEmpty()) {
            return;
        }
        String target = full + tail;
        for (DiscoveryPort port : discovery.get().ports()) {
            String protocol = spec.apply(port.protocol() == null ? "" : port.protocol());
            List<String> protocols = protocol.isEmpty() ? List.of("tcp", "udp") : List.of(protocol);
            String portName = spec.apply(port.name() == null ? "" : port.name());
            for (String p : protocols) {
                String name = service + "._" + p + "." + frameworkName + tail;
                out.srv(name, target, port.number());
                if (!portName.isEmpty()) {
                    out.srv("_" + portName + "." + name, target, port.number());
                }
            }
        }
    }

    private static String canonicalLabel(String taskName, String hash, String agentTail) {
        String suffix = "-" + hash + (agentTail.isEmpty() ? "" : "-" + agentTail);
        String prefix = taskName;
        if (prefix.length() + suffix.length() > Labels.RFC1123_MAX) {
            prefix = prefix.substring(0, Math.max(0, Labels.RFC1123_MAX - suffix.length()));
            while (prefix.endsWith("-")) {
                prefix = prefix.substring(0, prefix.length() - 1);
            }
        }
        String label = prefix + suffix;
        return label.length() > Labels.RFC1123_MAX ? label.substring(0, Labels.RFC1123_MAX) : label;
    }

    /** First IPv4 address found along the configured sources, or "" (no task-IP records) if none. */
    private static String taskIp(Task task, String agentIp, List<String> ipSources) {
        for (String source : ipSources) {
            List<String> candidates = switch (source) {
                case "netinfo" -> task.networkIps();
                case "mesos" -> optionalList(task.labels().get(MESOS_IP_LABEL));
                case "docker" -> optionalList(task.labels().get(DOCKER_IP_LABEL));
                case "host" -> optionalList(agentIp);
                default -> List.of();
            };
            for (String candidate : candidates) {
                if (DnsConfig.isIpv4(candidate)) {
                    return candidate;
                }
            }
        }
        return "";
    }

    private static List<String> optionalList(String value) {
        return value == null ? List.of() : List.of(value);
    }

    /** The lower-cased last '-'-separated field of an agent id ("...-S3" gives "s3"). */
    static String agentIdTail(String agentId) {
        String id = agentId == null ? "" : agentId;
        return id.substring(id.lastIndexOf('-') + 1).toLowerCase(Locale.ROOT);
    }

    /** Mesos-DNS's task-id hash: the first five z-base-32 characters of the id's SHA-1. */
    static String hash(String taskId) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-1").digest(taskId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
        long bits = ((digest[0] & 0xffL) << 24) | ((digest[1] & 0xffL) << 16) | ((digest[2] & 0xffL) << 8)
                | (digest[3] & 0xffL);
        StringBuilder out = new StringBuilder(5);
        for (int i = 1; i <= 5; i++) {
            out.append(ZBASE32.charAt((int) (bits >>> (32 - 5 * i)) & 31));
        }
        return out.toString();
    }

    /** Adds records, passing over empty addresses and over-long names, as the rules above require. */
    private static final class Emitter {
        private final Records.Builder builder;

        Emitter(Records.Builder builder) {
            this.builder = builder;
        }

        boolean a(String name, String ip) {
            return !ip.isEmpty() && fits(name) && builder.addA(name, ip);
        }

        void srv(String name, String target, int port) {
            if (fits(name) && fits(target)) {
                builder.addSrv(name, Srv.of(target, port));
            }
        }

        private static boolean fits(String fqdn) {
            return fqdn.length() - 1 <= MAX_NAME;
        }
    }
}

package io.plinth.dns.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.dns.core.Records;
import io.plinth.dns.core.Srv;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bodies of Mesos-DNS's HTTP interface ({@code /v1/version}, {@code /v1/config},
 * {@code /v1/hosts/{host}}, {@code /v1/services/{service}}, {@code /v1/enumerate}, {@code /v1/axfr}),
 * shaped as Mesos-DNS shapes them, so that its clients work unchanged. A JAX-RS resource serves them;
 * each method reads only the snapshot it is given, so it is safe from any thread.
 *
 * <p>Where Plinth differs from Mesos-DNS the values say so: records follow the master's event
 * stream, so there is no polling period ({@code RefreshSeconds} is 0), and there is no ZooKeeper URL
 * or configuration file to show.
 */
public final class DnsHttpApi {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final DnsConfig config;
    private final String version;
    private final String url;

    /**
     * @param version what {@code /v1/version} reports as {@code Version}
     * @param url     what {@code /v1/version} reports as {@code URL}
     */
    public DnsHttpApi(DnsConfig config, String version, String url) {
        this.config = Objects.requireNonNull(config, "config");
        this.version = Objects.requireNonNull(version, "version");
        this.url = Objects.requireNonNull(url, "url");
    }

    /** {@code {"Service":"Mesos-DNS","Version":..,"URL":..}}. */
    public ObjectNode version() {
        ObjectNode body = JSON.objectNode();
        body.put("Service", "Mesos-DNS");
        body.put("Version", version);
        body.put("URL", url);
        return body;
    }

    /**
     * The configuration under Mesos-DNS's field names and in its order; {@code SOASerial} is the serial
     * of {@code records}, {@code Masters} the configured masters as {@code ip:port} (null when none are).
     */
    public ObjectNode config(Records records, ClusterState state) {
        ObjectNode body = JSON.objectNode();
        body.put("RefreshSeconds", 0);
        body.put("Port", config.port());
        body.put("Timeout", config.timeout().toSeconds());
        body.put("HttpPort", config.httpPort());
        body.put("TTL", config.ttl());
        body.put("SOASerial", records.serial());
        body.put("SOARefresh", config.soaRefresh());
        body.put("SOARetry", config.soaRetry());
        body.put("SOAExpire", config.soaExpire());
        body.put("SOAMinttl", config.soaMinttl());
        body.put("SOAMname", absolute(config.soaMname()));
        body.put("SOARname", absolute(config.soaRname().replace('@', '.')));
        if (state.masters().isEmpty()) {
            body.putNull("Masters");
        } else {
            ArrayNode masters = body.putArray("Masters");
            for (Master master : state.masters()) {
                masters.add(master.ip() + ":" + master.port());
            }
        }
        strings(body.putArray("Resolvers"), config.resolvers());
        strings(body.putArray("IPSources"), config.ipSources());
        body.put("Domain", config.domain());
        body.put("Listener", config.listener());
        body.put("RecurseOn", config.externalOn());
        body.put("DnsOn", true);
        body.put("HttpOn", true);
        body.put("ExternalOn", config.externalOn());
        body.put("EnforceRFC952", config.enforceRfc952());
        body.put("EnumerationOn", true);
        return body;
    }

    /**
     * The A records of {@code host} (made lower case and absolute, {@code .*} removed), as
     * {@code [{"host":"name.","ip":"a.b.c.d"}...]}; a name without any is answered, as Mesos-DNS does,
     * with one entry of empty strings.
     */
    public ArrayNode hosts(Records records, String host) {
        ArrayNode body = JSON.arrayNode();
        String name = normalize(host);
        if (!name.isEmpty()) {
            for (String ip : records.a(name)) {
                ObjectNode entry = body.addObject();
                entry.put("host", name);
                entry.put("ip", ip);
            }
        }
        if (body.isEmpty()) {
            ObjectNode entry = body.addObject();
            entry.put("host", "");
            entry.put("ip", "");
        }
        return body;
    }

    /**
     * The SRV records of {@code service}, as {@code [{"service":..,"host":..,"ip":..,"port":".."}...]}:
     * {@code service} as asked (Mesos-DNS echoes it unchanged), {@code host} the target, {@code ip} the
     * target's first A record (targets without one are left out) and {@code port} a string. Nothing
     * found: one entry of empty strings.
     */
    public ArrayNode services(Records records, String service) {
        ArrayNode body = JSON.arrayNode();
        String name = normalize(service);
        if (!name.isEmpty()) {
            for (Srv srv : records.srv(name)) {
                List<String> ips = records.a(srv.target());
                if (!ips.isEmpty()) {
                    service(body, service, srv.target(), ips.get(0), Integer.toString(srv.port()));
                }
            }
        }
        if (body.isEmpty()) {
            service(body, "", "", "", "");
        }
        return body;
    }

    /**
     * What records each running task has, per framework:
     * {@code {"frameworks":[{"tasks":[{"name":..,"id":..,"records":[{"name":..,"host":..,"rtype":"A"|"SRV"}]}],
     * "name":..}]}}; an A record's {@code host} is the address, an SRV record's {@code target:port}.
     * Every framework is listed, with {@code "tasks":[]} when none of its tasks runs.
     *
     * <p>{@link Records} does not say which task a record came from, so a record is given to a task
     * when its first label is the task's (or discovery) name made a DNS label (for SRV: with a leading
     * underscore; for A: or that name followed by {@code -}), its name lies under the framework's label,
     * and it points at the task: an A record at one of the task's addresses (its network IPs, its
     * agent's IP), an SRV record at one of the task's ports on such an address.
     */
    public ObjectNode enumerate(ClusterState state, Records records) {
        Map<String, String> agentIps = new TreeMap<>();
        state.agents().forEach(agent -> agentIps.put(agent.id(), agent.ip()));
        ObjectNode body = JSON.objectNode();
        ArrayNode frameworks = body.putArray("frameworks");
        for (Framework framework : state.frameworks()) {
            ObjectNode entry = frameworks.addObject();
            ArrayNode tasks = entry.putArray("tasks");
            entry.put("name", framework.name());
            String frameworkLabel = "." + domainFragment(framework.name()) + ".";
            for (Task task : state.tasks()) {
                if (task.frameworkId().equals(framework.id()) && "TASK_RUNNING".equals(task.state())) {
                    ObjectNode taskEntry = tasks.addObject();
                    taskEntry.put("name", task.name());
                    taskEntry.put("id", task.id());
                    taskRecords(taskEntry.putArray("records"), task, agentIps.get(task.agentId()), frameworkLabel,
                            records);
                }
            }
        }
        return body;
    }

    /**
     * The whole zone: {@code {"TTL":..,"Serial":..,"RefreshSeconds":0,"Mname":..,"Rname":..,"Domain":..,
     * "Records":{"As":{name:[ip...]},"AAAAs":{},"SRVs":{name:["target:port"...]}}}}.
     */
    public ObjectNode axfr(Records records) {
        ObjectNode body = JSON.objectNode();
        body.put("TTL", config.ttl());
        body.put("Serial", records.serial());
        body.put("RefreshSeconds", 0);
        body.put("Mname", absolute(config.soaMname()));
        body.put("Rname", absolute(config.soaRname().replace('@', '.')));
        body.put("Domain", config.domain());
        ObjectNode sets = body.putObject("Records");
        ObjectNode as = sets.putObject("As");
        new TreeMap<>(records.aRecords()).forEach((name, ips) -> strings(as.putArray(name), ips));
        sets.putObject("AAAAs");
        ObjectNode srvs = sets.putObject("SRVs");
        new TreeMap<>(records.srvRecords()).forEach((name, targets) -> {
            ArrayNode values = srvs.putArray(name);
            targets.forEach(srv -> values.add(srv.target() + ":" + srv.port()));
        });
        return body;
    }

    private static void taskRecords(ArrayNode out, Task task, String agentIp, String frameworkLabel,
                                    Records records) {
        Set<String> addresses = new HashSet<>(task.networkIps());
        if (agentIp != null && !agentIp.isEmpty()) {
            addresses.add(agentIp);
        }
        Set<Integer> ports = new HashSet<>(task.hostPorts());
        task.discovery().ifPresent(discovery -> discovery.ports().forEach(port -> ports.add(port.number())));
        Set<String> labels = new HashSet<>();
        labels.add(label(task.name()));
        task.discovery().ifPresent(discovery -> labels.add(label(discovery.name())));
        labels.remove("");

        new TreeMap<>(records.aRecords()).forEach((name, ips) -> {
            String first = firstLabel(name);
            boolean named = labels.stream().anyMatch(label -> first.equals(label) || first.startsWith(label + "-"));
            if (named && name.contains(frameworkLabel)) {
                ips.stream().filter(addresses::contains).forEach(ip -> record(out, name, ip, "A"));
            }
        });
        new TreeMap<>(records.srvRecords()).forEach((name, targets) -> {
            String first = firstLabel(name);
            if (labels.stream().anyMatch(label -> first.equals("_" + label)) && name.contains(frameworkLabel)) {
                for (Srv srv : targets) {
                    boolean ours = ports.contains(srv.port())
                            && records.a(srv.target()).stream().anyMatch(addresses::contains);
                    if (ours) {
                        record(out, name, srv.target() + ":" + srv.port(), "SRV");
                    }
                }
            }
        });
    }

    private static void record(ArrayNode out, String name, String host, String type) {
        ObjectNode entry = out.addObject();
        entry.put("name", name);
        entry.put("host", host);
        entry.put("rtype", type);
    }

    private static void service(ArrayNode out, String service, String host, String ip, String port) {
        ObjectNode entry = out.addObject();
        entry.put("service", service);
        entry.put("host", host);
        entry.put("ip", ip);
        entry.put("port", port);
    }

    private static void strings(ArrayNode out, List<String> values) {
        values.forEach(out::add);
    }

    /** As Mesos-DNS reads a name from a path: lower case, wildcards dropped, absolute. */
    static String normalize(String name) {
        if (name == null) {
            return "";
        }
        String clean = name.toLowerCase(Locale.ROOT).replace(".*", "");
        if (clean.isEmpty()) {
            return "";
        }
        return clean.endsWith(".") ? clean : clean + ".";
    }

    private static String absolute(String name) {
        String trimmed = name;
        while (trimmed.endsWith(".")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed + ".";
    }

    private static String firstLabel(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    /** A dotted name as DNS labels, each made as {@link #label} makes it, empty ones dropped. */
    private static String domainFragment(String name) {
        StringBuilder fragment = new StringBuilder();
        for (String part : name.split("\\.")) {
            String label = label(part);
            if (!label.isEmpty()) {
                fragment.append(fragment.length() == 0 ? "" : ".").append(label);
            }
        }
        return fragment.toString();
    }

    /** A name as a DNS label the way Mesos-DNS makes one (RFC 1123): lower case, other characters as '-'. */
    private static String label(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        StringBuilder label = new StringBuilder(lower.length());
        for (char c : lower.toCharArray()) {
            label.append(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' ? c : '-');
        }
        int start = 0;
        int end = label.length();
        while (start < end && label.charAt(start) == '-') {
            start++;
        }
        while (end > start && label.charAt(end - 1) == '-') {
            end--;
        }
        return label.substring(start, Math.min(end, start + 63));
    }
}

package io.plinth.dns.core;

import io.plinth.dns.core.model.DnsConfig;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * An immutable snapshot of the records the server answers from: A records (IPv4 strings) and SRV records by
 * name, plus the serial that the SOA reports. Built once per cluster-state change by {@link RecordGenerator}
 * and swapped in atomically by the server; safe to read from any thread.
 *
 * <p>Names are lower-case FQDNs with the trailing dot ("web.marathon.mesos."). Lookups normalise their
 * argument the same way, so they are case-insensitive and accept a name with or without the trailing dot.
 * Each name's values keep the order they were added in, each value once.
 */
public final class Records {

    private static final Records EMPTY = new Records(0, Map.of(), Map.of());

    private final long serial;
    private final Map<String, List<String>> a;
    private final Map<String, List<Srv>> srv;

    private Records(long serial, Map<String, List<String>> a, Map<String, List<Srv>> srv) {
        this.serial = serial;
        this.a = a;
        this.srv = srv;
    }

    /** No records, serial 0: what a server answers from before it has seen the cluster. */
    public static Records empty() {
        return EMPTY;
    }

    /** A builder for a snapshot with the given serial. */
    public static Builder builder(long serial) {
        return new Builder(serial);
    }

    /** A snapshot of exactly these records (names normalised, duplicates dropped), for tests and tools. */
    public static Records of(long serial, Map<String, List<String>> a, Map<String, List<Srv>> srv) {
        Builder builder = builder(serial);
        a.forEach((name, ips) -> ips.forEach(ip -> builder.addA(name, ip)));
        srv.forEach((name, records) -> records.forEach(record -> builder.addSrv(name, record)));
        return builder.build();
    }

    /** The SOA serial of this snapshot. */
    public long serial() {
        return serial;
    }

    /** The IPv4 addresses of {@code fqdn}; empty if it has no A records. */
    public List<String> a(String fqdn) {
        return a.getOrDefault(normalise(fqdn), List.of());
    }

    /** The SRV records of {@code fqdn}; empty if it has none. */
    public List<Srv> srv(String fqdn) {
        return srv.getOrDefault(normalise(fqdn), List.of());
    }

    /** True if {@code fqdn} has records of any type (so a query for another type is NOERROR, not NXDOMAIN). */
    public boolean hasName(String fqdn) {
        String name = normalise(fqdn);
        return a.containsKey(name) || srv.containsKey(name);
    }

    /** How many names have records of any type. */
    public int nameCount() {
        return (int) Stream.concat(a.keySet().stream(), srv.keySet().stream()).distinct().count();
    }

    /** How many records there are, A and SRV. */
    public int recordCount() {
        return a.values().stream().mapToInt(List::size).sum() + srv.values().stream().mapToInt(List::size).sum();
    }

    /** All A records, sorted by name (for the HTTP API's enumerate and hosts views). */
    public Map<String, List<String>> aRecords() {
        return sorted(a);
    }

    /** All SRV records, sorted by name. */
    public Map<String, List<Srv>> srvRecords() {
        return sorted(srv);
    }

    /** Lookups hash; only the rare whole listings pay for sorting, each time they are asked. */
    private static <T> Map<String, List<T>> sorted(Map<String, List<T>> byName) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(byName));
    }

    /** Lower-case with exactly one trailing dot; null and "" become ".". */
    static String normalise(String fqdn) {
        if (fqdn == null) {
            return ".";
        }
        String name = fqdn.toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name : name + ".";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Records other && serial == other.serial && a.equals(other.a) && srv.equals(other.srv);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(serial) * 31 + a.hashCode() * 17 + srv.hashCode();
    }

    @Override
    public String toString() {
        return "Records[serial=" + serial + ", a=" + a.size() + " names, srv=" + srv.size() + " names]";
    }

    /** Collects records, dropping duplicates; single-threaded use, then {@link #build()}. */
    public static final class Builder {
        private final long serial;
        private final Map<String, Set<String>> a = new HashMap<>();
        private final Map<String, Set<Srv>> srv = new HashMap<>();

        private Builder(long serial) {
            this.serial = serial;
        }

        /**
         * Adds an A record; returns false if the same name already had this address.
         *
         * @throws IllegalArgumentException if {@code ipv4} is not a dotted-quad IPv4 address
         */
        public boolean addA(String name, String ipv4) {
            if (!DnsConfig.isIpv4(ipv4)) {
                throw new IllegalArgumentException("ipv4: not an IPv4 address: " + ipv4);
            }
            return a.computeIfAbsent(normalise(name), k -> new LinkedHashSet<>()).add(ipv4);
        }

        /** Adds an SRV record; returns false if the same name already had it. */
        public boolean addSrv(String name, Srv record) {
            return srv.computeIfAbsent(normalise(name), k -> new LinkedHashSet<>()).add(record);
        }

        /** The snapshot of everything added so far. */
        public Records build() {
            return new Records(serial, freeze(a), freeze(srv));
        }

        private static <T> Map<String, List<T>> freeze(Map<String, Set<T>> source) {
            Map<String, List<T>> copy = new HashMap<>(source.size() * 2);
            source.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            return Collections.unmodifiableMap(copy);
        }
    }
}

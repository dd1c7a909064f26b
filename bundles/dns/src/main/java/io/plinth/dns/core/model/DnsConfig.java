package io.plinth.dns.core.model;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of the DNS server, named after Mesos-DNS's {@code config.json} fields (given per component).
 * Immutable and validated on construction: an invalid value throws {@link IllegalArgumentException} whose
 * message starts with the field name. Host names ({@code domain}, {@code soaMname}, {@code soaRname},
 * {@code serverName}) are stored lower-case without a trailing dot, like Mesos-DNS normalises them.
 *
 * @param domain        {@code domain}: the zone served, default "mesos"
 * @param ttl           {@code ttl}: TTL in seconds of A and SRV answers, default 60
 * @param port          {@code port}: UDP/TCP port of the DNS listener, default 8053 here (53 in Mesos-DNS);
 *                      0 picks a free port
 * @param listener      {@code listener}: address the DNS server binds, default "0.0.0.0"
 * @param resolvers     {@code resolvers}: upstream servers for names outside the domain, "host" or
 *                      "host:port" (port 53 if absent), default none
 * @param timeout       {@code timeout}: connect/read timeout for upstream queries, default 5 s
 * @param externalOn    {@code externalOn}: whether names outside the domain are forwarded, default true
 * @param recurseFrom   {@code recurseFrom}: address blocks ({@link Cidr}) of clients allowed to recurse,
 *                      default ["127.0.0.0/8"]
 * @param soaMname      {@code SOAMname}: primary name server in the SOA, default "ns1.mesos"
 * @param soaRname      {@code SOARname}: responsible mailbox in the SOA, default "root.ns1.mesos"
 *                      ('@' is accepted and turned into '.', as Mesos-DNS does)
 * @param soaRefresh    {@code SOARefresh}: SOA refresh seconds, default 60
 * @param soaRetry      {@code SOARetry}: SOA retry seconds, default 600
 * @param soaExpire     {@code SOAExpire}: SOA expire seconds, default 86400
 * @param soaMinttl     {@code SOAMinttl}: SOA minimum (negative-caching) TTL seconds, default 60
 * @param ipSources     {@code IPSources}: where a task's IP comes from, in priority order, each of "netinfo",
 *                      "mesos", "docker", "host"; default ["netinfo", "mesos", "host"]
 * @param enforceRfc952 {@code EnforceRFC952}: sanitise labels by RFC 952 (24 chars, leading letter) instead
 *                      of RFC 1123, default false
 * @param httpPort      {@code HTTPPort}: port of the HTTP API, default 8123; 0 picks a free port
 * @param serverName    the server's own name, answered as an A record (Mesos-DNS uses {@code SOAMname}),
 *                      default "ns1.mesos"
 * @param serverIp      the server's advertised IPv4 address for {@code serverName}, default "127.0.0.1"
 */
public record DnsConfig(String domain, int ttl, int port, String listener, List<String> resolvers,
                        Duration timeout, boolean externalOn, List<String> recurseFrom, String soaMname,
                        String soaRname, int soaRefresh, int soaRetry, int soaExpire, int soaMinttl,
                        List<String> ipSources, boolean enforceRfc952, int httpPort, String serverName,
                        String serverIp) {

    /** The IP sources Mesos-DNS understands. */
    public static final Set<String> IP_SOURCES = Set.of("netinfo", "mesos", "docker", "host");

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*");

    public DnsConfig {
        domain = hostName("domain", domain);
        requireRange("ttl", ttl, 0, Integer.MAX_VALUE);
        requireRange("port", port, 0, 65535);
        if (listener == null || !(isIpv4(listener) || IPV6.matcher(listener).matches())) {
            throw new IllegalArgumentException("listener: not an IP address: " + listener);
        }
        resolvers = resolvers == null ? List.of() : List.copyOf(resolvers);
        resolvers.forEach(Resolver::parse);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: must be positive, was " + timeout);
        }
        recurseFrom = recurseFrom == null ? List.of() : List.copyOf(recurseFrom);
        recurseFrom.forEach(Cidr::parse);
        soaMname = hostName("soaMname", soaMname);
        soaRname = hostName("soaRname", soaRname == null ? null : soaRname.replace('@', '.'));
        requireRange("soaRefresh", soaRefresh, 0, Integer.MAX_VALUE);
        requireRange("soaRetry", soaRetry, 0, Integer.MAX_VALUE);
        requireRange("soaExpire", soaExpire, 0, Integer.MAX_VALUE);
        requireRange("soaMinttl", soaMinttl, 0, Integer.MAX_VALUE);
        ipSources = ipSources == null ? List.of() : List.copyOf(ipSources);
        if (ipSources.isEmpty()) {
            throw new IllegalArgumentException("ipSources: must name at least one source of " + IP_SOURCES);
        }
        Set<String> seen = new HashSet<>();
        for (String source : ipSources) {
            if (!IP_SOURCES.contains(source)) {
                throw new IllegalArgumentException("ipSources: unknown source '" + source + "', expected one of "
                        + IP_SOURCES);
            }
            if (!seen.add(source)) {
                throw new IllegalArgumentException("ipSources: duplicate source '" + source + "'");
            }
        }
        requireRange("httpPort", httpPort, 0, 65535);
        serverName = hostName("serverName", serverName);
        if (serverIp == null || !isIpv4(serverIp)) {
            throw new IllegalArgumentException("serverIp: not an IPv4 address: " + serverIp);
        }
    }

    /** Mesos-DNS's defaults, with the DNS port moved to 8053 so that no privileges are needed. */
    public static DnsConfig defaults() {
        return new DnsConfig("mesos", 60, 8053, "0.0.0.0", List.of(), Duration.ofSeconds(5), true,
                List.of("127.0.0.0/8"), "ns1.mesos", "root.ns1.mesos", 60, 600, 86400, 60,
                List.of("netinfo", "mesos", "host"), false, 8123, "ns1.mesos", "127.0.0.1");
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True if {@code text} is a dotted-quad IPv4 literal. */
    public static boolean isIpv4(String text) {
        // by hand, not with a regular expression: record generation asks this for every record it adds
        if (text == null || text.isEmpty() || text.length() > 15) {
            return false;
        }
        int octets = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255 || ++octets > 4) {
                    return false;
                }
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return false; // a leading zero: "01" is not dotted-decimal
                }
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return false;
            }
        }
        return octets == 4;
    }

    private static String hostName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank");
        }
        String name = value.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.length() > 253) {
            throw new IllegalArgumentException(field + ": longer than 253 characters");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(field + ": invalid host name label '" + label + "' in " + value);
            }
        }
        return name;
    }

    private static void requireRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + ": must be in [" + min + ", " + max + "], was " + value);
        }
    }

    /** Mutable helper to derive a configuration; {@link #build()} validates. Not thread-safe. */
    public static final class Builder {
        private String domain;
        private int ttl;
        private int port;
        private String listener;
        private List<String> resolvers;
        private Duration timeout;
        private boolean externalOn;
        private List<String> recurseFrom;
        private String soaMname;
        private String soaRname;
        private int soaRefresh;
        private int soaRetry;
        private int soaExpire;
        private int soaMinttl;
        private List<String> ipSources;
        private boolean enforceRfc952;
        private int httpPort;
        private String serverName;
        private String serverIp;

        private Builder(DnsConfig c) {
            domain = c.domain;
            ttl = c.ttl;
            port = c.port;
            listener = c.listener;
            resolvers = c.resolvers;
            timeout = c.timeout;
            externalOn = c.externalOn;
            recurseFrom = c.recurseFrom;
            soaMname = c.soaMname;
            soaRname = c.soaRname;
            soaRefresh = c.soaRefresh;
            soaRetry = c.soaRetry;
            soaExpire = c.soaExpire;
            soaMinttl = c.soaMinttl;
            ipSources = c.ipSources;
            enforceRfc952 = c.enforceRfc952;
            httpPort = c.httpPort;
            serverName = c.serverName;
            serverIp = c.serverIp;
        }

        public Builder domain(String value) { domain = value; return this; }
        public Builder ttl(int value) { ttl = value; return this; }
        public Builder port(int value) { port = value; return this; }
        public Builder listener(String value) { listener = value; return this; }
        public Builder resolvers(List<String> value) { resolvers = value; return this; }
        public Builder timeout(Duration value) { timeout = value; return this; }
        public Builder externalOn(boolean value) { externalOn = value; return this; }
        public Builder recurseFrom(List<String> value) { recurseFrom = value; return this; }
        public Builder soaMname(String value) { soaMname = value; return this; }
        public Builder soaRname(String value) { soaRname = value; return this; }
        public Builder soaRefresh(int value) { soaRefresh = value; return this; }
        public Builder soaRetry(int value) { soaRetry = value; return this; }
        public Builder soaExpire(int value) { soaExpire = value; return this; }
        public Builder soaMinttl(int value) { soaMinttl = value; return this; }
        public Builder ipSources(List<String> value) { ipSources = value; return this; }
        public Builder enforceRfc952(boolean value) { enforceRfc952 = value; return this; }
        public Builder httpPort(int value) { httpPort = value; return this; }
        public Builder serverName(String value) { serverName = value; return this; }
        public Builder serverIp(String value) { serverIp = value; return this; }

        /** Validates and returns the configuration; throws IllegalArgumentException naming the bad field. */
        public DnsConfig build() {
            return new DnsConfig(domain, ttl, port, listener, resolvers, timeout, externalOn, recurseFrom,
                    soaMname, soaRname, soaRefresh, soaRetry, soaExpire, soaMinttl, ipSources, enforceRfc952,
                    httpPort, serverName, serverIp);
        }
    }
}

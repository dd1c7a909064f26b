package io.plinth.dns.runtime;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of the DNS server (PID {@value #PID}), named after Mesos-DNS' {@code config.json} fields;
 * every one has a working default. Lists are comma-separated.
 */
@ObjectClassDefinition(name = "Plinth DNS", description = "Mesos-DNS-compatible service discovery")
public @interface DnsSettings {

    String PID = "io.plinth.dns";

    @AttributeDefinition(description = "Domain the server is authoritative for (Mesos-DNS: domain)")
    String domain() default "mesos";

    @AttributeDefinition(description = "UDP and TCP port of the DNS server (Mesos-DNS: port; 53 in production)")
    int port() default 8053;

    @AttributeDefinition(description = "Address the DNS and HTTP listeners bind (Mesos-DNS: listener)")
    String listener() default "0.0.0.0";

    @AttributeDefinition(description = "Port of the Mesos-DNS HTTP API (Mesos-DNS: httpport); 0 picks a free one")
    int httpPort() default 8123;

    @AttributeDefinition(description = "TTL of every record, seconds (Mesos-DNS: ttl)")
    int ttl() default 60;

    @AttributeDefinition(description = "Upstream resolvers for names outside the domain, host or host:port, "
            + "comma-separated; empty: such names are refused (Mesos-DNS: resolvers)")
    String resolvers() default "";

    @AttributeDefinition(description = "Upstream query timeout, seconds (Mesos-DNS: timeout)")
    int timeout() default 5;

    @AttributeDefinition(description = "Whether names outside the domain are forwarded at all (Mesos-DNS: externalon)")
    boolean externalOn() default true;

    @AttributeDefinition(description = "Address blocks of clients that may recurse through the upstream resolvers, "
            + "comma-separated (the cluster's networks; never the world)")
    String recurseFrom() default "127.0.0.0/8";

    @AttributeDefinition(description = "SOA primary name server; also the server's own name, answered with "
            + "serverIp (Mesos-DNS: SOAMname)")
    String soaMname() default "ns1.mesos";

    @AttributeDefinition(description = "SOA responsible mailbox (Mesos-DNS: SOARname)")
    String soaRname() default "root.ns1.mesos";

    @AttributeDefinition(description = "SOA refresh, seconds (Mesos-DNS: SOARefresh)")
    int soaRefresh() default 60;

    @AttributeDefinition(description = "SOA retry, seconds (Mesos-DNS: SOARetry)")
    int soaRetry() default 600;

    @AttributeDefinition(description = "SOA expire, seconds (Mesos-DNS: SOAExpire)")
    int soaExpire() default 86400;

    @AttributeDefinition(description = "SOA minimum TTL, the negative-answer TTL, seconds (Mesos-DNS: SOAMinttl)")
    int soaMinttl() default 60;

    @AttributeDefinition(description = "Where a task's IP comes from, in order: netinfo, mesos, docker, host "
            + "(Mesos-DNS: IPSources)")
    String ipSources() default "netinfo,mesos,host";

    @AttributeDefinition(description = "Sanitise names by RFC 952 instead of RFC 1123 (Mesos-DNS: EnforceRFC952)")
    boolean enforceRfc952() default false;

    @AttributeDefinition(description = "Every master as ip:port, comma-separated, for master.<domain> and "
            + "masterN.<domain>; empty: the leader only (Mesos-DNS: masters)")
    String masters() default "";

    @AttributeDefinition(description = "IPv4 address answered for the server's own name (soaMname)")
    String serverIp() default "127.0.0.1";
}

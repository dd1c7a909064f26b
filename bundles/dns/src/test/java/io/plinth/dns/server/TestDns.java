package io.plinth.dns.server;

import io.plinth.dns.core.Records;
import io.plinth.dns.core.Srv;
import io.plinth.dns.core.model.DnsConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Shared fixtures: configs, a small Mesos-like record set and query builders. */
final class TestDns {
    static final InetAddress LOOPBACK = address("127.0.0.1");
    static final InetAddress OUTSIDE = address("10.9.8.7");
    static final int BIG_COUNT = 200;

    private TestDns() {
    }

    static DnsConfig config(String domain, List<String> resolvers, boolean externalOn, List<String> recurseFrom) {
        DnsConfig d = DnsConfig.defaults();
        return new DnsConfig(domain, d.ttl(), 0, "127.0.0.1", resolvers, Duration.ofMillis(1500), externalOn,
                recurseFrom, d.soaMname(), d.soaRname(), d.soaRefresh(), d.soaRetry(), d.soaExpire(),
                d.soaMinttl(), d.ipSources(), d.enforceRfc952(), d.httpPort(), d.serverName(), d.serverIp());
    }

    static DnsConfig forwarding(List<String> resolvers) {
        return config("mesos", resolvers, true, List.of("127.0.0.0/8"));
    }

    static Records records() {
        return records(42);
    }

    static Records records(long serial) {
        List<String> big = new ArrayList<>();
        for (int i = 0; i < BIG_COUNT; i++) {
            big.add("10.1." + (i / 250) + "." + (i % 250 + 1));
        }
        return Records.of(serial,
                Map.of("leader.mesos.", List.of("10.0.0.1"),
                        "ns1.mesos.", List.of("127.0.0.1"),
                        "web.marathon.mesos.", List.of("10.0.1.1", "10.0.1.2", "10.0.1.3"),
                        "web-abc.marathon.slave.mesos.", List.of("10.0.2.1"),
                        "web-def.marathon.slave.mesos.", List.of("10.0.2.2"),
                        "big.marathon.mesos.", big),
                Map.of("_web._tcp.marathon.mesos.", List.of(
                        new Srv("web-abc.marathon.slave.mesos.", 31000, 0, 1),
                        new Srv("web-def.marathon.slave.mesos.", 31001, 0, 1),
                        new Srv("web-abc.marathon.slave.mesos.", 31002, 0, 1))));
    }

    /** Records for a second, "upstream" server authoritative for upstream.test. */
    static Records upstreamRecords() {
        List<String> many = new ArrayList<>();
        for (int i = 0; i < BIG_COUNT; i++) {
            many.add("192.0.2." + (i % 250 + 1));
        }
        return Records.of(7, Map.of("www.upstream.test.", List.of("192.0.2.80"), "many.upstream.test.",
                many.stream().distinct().toList()), Map.of());
    }

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(name(name), type, DClass.IN));
    }

    static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}

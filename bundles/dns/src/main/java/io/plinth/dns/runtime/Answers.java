package io.plinth.dns.runtime;

import io.plinth.dns.api.DnsAnswer;
import io.plinth.dns.api.DnsRecord;
import io.plinth.dns.core.Records;
import io.plinth.dns.core.Srv;
import io.plinth.dns.server.Answerer;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Between the server's dnsjava messages and snapshots and the API's values. Pure. */
final class Answers {

    private Answers() {
    }

    static DnsAnswer lookup(Answerer answerer, String name, String type, InetAddress client) {
        int code = Type.value(type == null ? "" : type.strip());
        if (code < 0) {
            throw new IllegalArgumentException("type: not a record type: " + type);
        }
        Name parsed;
        try {
            parsed = Name.fromString(name == null ? "" : name.strip(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("name: not a domain name: " + name + " (" + e.getMessage() + ")", e);
        }
        Message query = Message.newQuery(Record.newRecord(parsed, code, DClass.IN));
        query.getHeader().setFlag(Flags.RD);
        Message response = answerer.answer(query, client);
        return new DnsAnswer(Rcode.string(response.getRcode()), section(response, Section.ANSWER),
                section(response, Section.AUTHORITY), section(response, Section.ADDITIONAL));
    }

    private static List<DnsRecord> section(Message message, int section) {
        return message.getSection(section).stream()
                .filter(r -> r.getType() != Type.OPT)
                .map(r -> new DnsRecord(r.getName().toString().toLowerCase(Locale.ROOT), Type.string(r.getType()), r.getTTL(),
                        r.rdataToString()))
                .toList();
    }

    static List<DnsRecord> records(Records records, long ttl) {
        List<DnsRecord> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(records.aRecords().keySet());
        names.addAll(records.srvRecords().keySet());
        for (String name : names) {
            records.a(name).forEach(ip -> out.add(new DnsRecord(name, "A", ttl, ip)));
            for (Srv srv : records.srv(name)) {
                out.add(new DnsRecord(name, "SRV", ttl, srv.priority() + " " + srv.weight() + " " + srv.port() + " " + srv.target()));
            }
        }
        return out;
    }
}

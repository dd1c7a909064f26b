package io.plinth.dns.server;

import io.plinth.dns.core.model.Cidr;
import io.plinth.dns.core.Records;
import io.plinth.dns.core.Srv;
import io.plinth.dns.core.model.DnsConfig;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Address;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Turns one parsed DNS query into its response, the way Mesos-DNS answers: authoritatively for names in the
 * configured domain (from the current {@link Records} snapshot), by forwarding through an {@link Upstream} for
 * other names when the client may recurse, and REFUSED otherwise. It is never an open resolver.
 *
 * <p>Pure apart from the upstream call. Thread-safe: the server calls {@link #answer} from several worker
 * threads at once; each call reads the snapshot supplier once, so a swap mid-query cannot mix two snapshots.
 * Transport concerns (truncation, EDNS size, dropping responses) belong to {@link DnsServer}.
 */
public final class Answerer {

    /** What {@link #answer} will do with a query; lets the server keep slow forwarding off local workers. */
    private enum Route { FORMAT_ERROR, NOT_IMPLEMENTED, REFUSE, AUTHORITATIVE, FORWARD }

    private final Supplier<Records> records;
    private final Upstream upstream;
    private final RandomGenerator random;
    private final Name apex;
    private final Name soaMname;
    private final Name soaRname;
    private final long ttl;
    private final DnsConfig config;
    private final boolean forwardingConfigured;
    private final List<Cidr> recurseFrom;
    private volatile BuiltSnapshot built = new BuiltSnapshot(Records.empty());

    /**
     * @param records the current snapshot, swapped atomically by others; read once per query
     * @param random  shuffles multi-record answers; accessed under its own lock, so any generator will do
     * @throws IllegalArgumentException when the domain, SOA names or recurseFrom blocks do not parse
     */
    public Answerer(DnsConfig config, Supplier<Records> records, Upstream upstream, RandomGenerator random) {
        this.config = Objects.requireNonNull(config, "config");
        this.records = Objects.requireNonNull(records, "records");
        this.upstream = Objects.requireNonNull(upstream, "upstream");
        this.random = Objects.requireNonNull(random, "random");
        this.apex = absolute("domain", config.domain());
        this.soaMname = absolute("soaMname", config.soaMname());
        this.soaRname = absolute("soaRname", config.soaRname());
        this.ttl = config.ttl();
        this.forwardingConfigured = config.externalOn() && !config.resolvers().isEmpty();
        this.recurseFrom = config.recurseFrom().stream().map(Cidr::parse).toList();
    }

    /**
     * Answers {@code query} from {@code client}. Never returns null and never throws for any parsed message;
     * the response carries the query's id, and its single question when it had exactly one.
     */
    public Message answer(Message query, InetAddress client) {
        Route route = route(query, client);
        return switch (route) {
            case FORMAT_ERROR -> reply(query, Rcode.FORMERR, false);
            case NOT_IMPLEMENTED -> reply(query, Rcode.NOTIMP, true);
            case REFUSE -> refuse(query, client);
            case AUTHORITATIVE -> authoritative(query, client);
            case FORWARD -> forward(query, client);
        };
    }

    /** The records snapshot answers are taken from now; its identity tells when cached answers are stale. */
    public Records snapshot() {
        return Objects.requireNonNullElseGet(records.get(), Records::empty);
    }

    /** True when {@link #answer} answers {@code query} from the records alone, the same for every client. */
    public boolean isAuthoritative(Message query, InetAddress client) {
        return route(query, client) == Route.AUTHORITATIVE;
    }

    /** Whether answers to {@code client} offer recursion (the only part of an authoritative answer that depends on it). */
    public boolean recursionAvailable(InetAddress client) {
        return recursionAllowed(client);
    }

    /** True when {@link #answer} would consult the upstream (and so may block up to its timeout). */
    public boolean forwards(Message query, InetAddress client) {
        return route(query, client) == Route.FORWARD;
    }

    private Route route(Message query, InetAddress client) {
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return Route.FORMAT_ERROR;
        }
        if (header.getOpcode() != Opcode.QUERY) {
            return Route.NOT_IMPLEMENTED;
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() != 1) {
            return Route.FORMAT_ERROR;
        }
        Record question = questions.get(0);
        if (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY) {
            return Route.REFUSE;
        }
        if (question.getName().subdomain(apex)) {
            return Route.AUTHORITATIVE;
        }
        return header.getFlag(Flags.RD) && recursionAllowed(client) ? Route.FORWARD : Route.REFUSE;
    }

    private boolean recursionAllowed(InetAddress client) {
        return forwardingConfigured && recurseFrom.stream().anyMatch(block -> block.contains(client));
    }

    private Message refuse(Message query, InetAddress client) {
        Message response = reply(query, Rcode.REFUSED, true);
        markRecursion(response, client);
        return response;
    }

    private Message forward(Message query, InetAddress client) {
        Message response;
        try {
            response = upstream.forward(query);
        } catch (IOException | RuntimeException e) {
            response = null;
        }
        if (response == null) {
            Message failure = reply(query, Rcode.SERVFAIL, true);
            markRecursion(failure, client);
            return failure;
        }
        response.getHeader().setID(query.getHeader().getID());
        return response;
    }

    private Message authoritative(Message query, InetAddress client) {
        Records snapshot = snapshot();
        Record question = query.getQuestion();
        Name qname = question.getName();
        int type = question.getType();
        boolean atApex = qname.equals(apex);
        boolean any = type == Type.ANY;
        Built built = built(snapshot).of(qname);

        List<Record> answers = new ArrayList<>();
        // a list, not a set: hashing a record encodes it, and a name's SRV targets are distinct already
        List<Record> additional = new ArrayList<>();
        if (type == Type.A || any) {
            answers.addAll(shuffled(built.a()));
        }
        if (type == Type.SRV || any) {
            answers.addAll(shuffled(built.srv()));
            // Mesos-DNS hands out the targets' addresses with the SRV answer to save clients a round trip.
            additional.addAll(built.srvTargets());
        }
        if (atApex && (type == Type.SOA || any)) {
            answers.add(soa(snapshot));
        }
        if (atApex && (type == Type.NS || any)) {
            answers.add(new NSRecord(apex, DClass.IN, ttl, soaMname));
            additional.addAll(aRecords(soaMname, snapshot.a(soaMname.toString())));
        }

        // As Mesos-DNS: an SRV question without records is an empty NOERROR, not NXDOMAIN (clients
        // written against it treat "no instances" that way), and carries no SOA.
        boolean emptySrv = answers.isEmpty() && type == Type.SRV;
        boolean exists = !answers.isEmpty() || atApex || built.exists() || emptySrv;
        Message response = reply(query, exists ? Rcode.NOERROR : Rcode.NXDOMAIN, true);
        response.getHeader().setFlag(Flags.AA);
        markRecursion(response, client);
        answers.forEach(r -> response.addRecord(r, Section.ANSWER));
        if (answers.isEmpty() && !emptySrv) {
            // RFC 2308: negative answers carry the SOA so resolvers know how long to cache them.
            response.addRecord(soa(snapshot), Section.AUTHORITY);
        }
        additional.forEach(r -> response.addRecord(r, Section.ADDITIONAL));
        return response;
    }

    /** The records of {@code snapshot} as dnsjava records, built once per name asked (not per query). */
    private BuiltSnapshot built(Records snapshot) {
        BuiltSnapshot current = built;
        if (current.source != snapshot) {
            current = new BuiltSnapshot(snapshot);
            built = current;
        }
        return current;
    }

    /** One name's records, ready to answer with. */
    private record Built(boolean exists, List<Record> a, List<Record> srv, List<Record> srvTargets) {
        static final Built NONE = new Built(false, List.of(), List.of(), List.of());
    }

    /**
     * Records of one snapshot built on first use, per name: parsing addresses and target names for
     * every query was a third of the server's time. Names without records are not kept, so queries
     * for random names cannot grow it beyond the snapshot's names.
     */
    private final class BuiltSnapshot {
        final Records source;
        private final ConcurrentHashMap<Name, Built> byName = new ConcurrentHashMap<>();

        BuiltSnapshot(Records source) {
            this.source = source;
        }

        Built of(Name qname) {
            Built known = byName.get(qname); // dnsjava's Name equality ignores case
            if (known != null) {
                return known;
            }
            String key = qname.toString().toLowerCase(Locale.ROOT);
            if (!source.hasName(key)) {
                return Built.NONE;
            }
            Name owner = parseName(key);
            List<Record> srvs = new ArrayList<>();
            Set<String> targets = new LinkedHashSet<>();
            for (Srv srv : source.srv(key)) {
                Name target = parseName(srv.target());
                if (target != null) {
                    srvs.add(new SRVRecord(owner, DClass.IN, ttl, srv.priority(), srv.weight(), srv.port(), target));
                    targets.add(target.toString().toLowerCase(Locale.ROOT));
                }
            }
            List<Record> targetAddresses = new ArrayList<>();
            for (String target : targets) {
                targetAddresses.addAll(aRecords(parseName(target), source.a(target)));
            }
            Built made = new Built(true, List.copyOf(aRecords(owner, source.a(key))), List.copyOf(srvs),
                    List.copyOf(targetAddresses));
            byName.put(qname, made);
            return made;
        }
    }

    private SOARecord soa(Records snapshot) {
        return new SOARecord(apex, DClass.IN, ttl, soaMname, soaRname, snapshot.serial() & 0xFFFF_FFFFL,
                config.soaRefresh(), config.soaRetry(), config.soaExpire(), config.soaMinttl());
    }

    private List<Record> aRecords(Name owner, List<String> addresses) {
        List<Record> out = new ArrayList<>(addresses.size());
        for (String address : addresses) {
            InetAddress parsed = ipv4(address);
            if (parsed != null) {
                out.add(new ARecord(owner, DClass.IN, ttl, parsed));
            }
        }
        return out;
    }

    private List<Record> shuffled(List<Record> in) {
        List<Record> out = new ArrayList<>(in);
        synchronized (random) {
            for (int i = out.size() - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                Record swap = out.get(i);
                out.set(i, out.get(j));
                out.set(j, swap);
            }
        }
        return out;
    }

    private void markRecursion(Message response, InetAddress client) {
        if (recursionAllowed(client)) {
            response.getHeader().setFlag(Flags.RA);
        }
    }

    /** A response skeleton: same id, opcode and RD bit, the question echoed when there is exactly one. */
    private static Message reply(Message query, int rcode, boolean echoQuestion) {
        Header header = query.getHeader();
        Message response = new Message(header.getID());
        Header out = response.getHeader();
        out.setFlag(Flags.QR);
        out.setOpcode(header.getOpcode());
        if (header.getFlag(Flags.RD)) {
            out.setFlag(Flags.RD);
        }
        out.setRcode(rcode);
        List<Record> questions = query.getSection(Section.QUESTION);
        if (echoQuestion && questions.size() == 1) {
            response.addRecord(questions.get(0), Section.QUESTION);
        }
        return response;
    }

    private static InetAddress ipv4(String address) {
        try {
            InetAddress parsed = Address.getByAddress(address, Address.IPv4);
            return parsed instanceof Inet4Address ? parsed : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Name parseName(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            return null;
        }
    }

    private static Name absolute(String field, String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(field + ": not a domain name: " + text, e);
        }
    }
}

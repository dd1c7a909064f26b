package io.plinth.dns.server;

import io.plinth.dns.core.model.Cidr;
import static io.plinth.dns.server.TestDns.LOOPBACK;
import static io.plinth.dns.server.TestDns.OUTSIDE;
import static io.plinth.dns.server.TestDns.address;
import static io.plinth.dns.server.TestDns.name;
import static io.plinth.dns.server.TestDns.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.dns.core.Records;
import io.plinth.dns.core.model.DnsConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class AnswererTest {

    /** Records every query it is asked to forward and answers with one A record (or fails on demand). */
    private static final class StubUpstream implements Upstream {
        final List<Message> seen = new ArrayList<>();
        IOException failure;
        RuntimeException bug;

        @Override
        public Message forward(Message query) throws IOException {
            seen.add(query);
            if (failure != null) {
                throw failure;
            }
            if (bug != null) {
                throw bug;
            }
            Message response = new Message(0x4242);
            response.getHeader().setFlag(Flags.QR);
            response.addRecord(query.getQuestion(), Section.QUESTION);
            response.addRecord(new ARecord(query.getQuestion().getName(), DClass.IN, 30, address("192.0.2.1")),
                    Section.ANSWER);
            return response;
        }
    }

    private final StubUpstream upstream = new StubUpstream();
    private final AtomicReference<Records> snapshot = new AtomicReference<>(TestDns.records());

    private Answerer answerer(DnsConfig config) {
        return new Answerer(config, snapshot::get, upstream, new Random(1));
    }

    private final Answerer answerer = answerer(TestDns.forwarding(List.of("192.0.2.53")));

    private static List<Record> section(Message m, int section) {
        return m.getSection(section);
    }

    private static Set<String> addresses(List<Record> records) {
        return records.stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet());
    }

    private static void assertAuthoritativeSoa(Message response) {
        List<Record> authority = section(response, Section.AUTHORITY);
        assertEquals(1, authority.size());
        SOARecord soa = assertInstanceOf(SOARecord.class, authority.get(0));
        assertEquals(name("mesos."), soa.getName());
        assertEquals(42, soa.getSerial());
    }

    @Test
    void answersARecordsAuthoritativelyWithIdQuestionAndTtl() {
        Message query = query("web.marathon.mesos.", Type.A);
        Message response = answerer.answer(query, LOOPBACK);

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(query.getHeader().getID(), response.getHeader().getID());
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertTrue(response.getHeader().getFlag(Flags.RD));
        assertEquals(query.getQuestion(), response.getQuestion());
        List<Record> answers = section(response, Section.ANSWER);
        assertEquals(Set.of("10.0.1.1", "10.0.1.2", "10.0.1.3"), addresses(answers));
        answers.forEach(a -> assertEquals(60, a.getTTL()));
        answers.forEach(a -> assertEquals(name("web.marathon.mesos."), a.getName()));
        assertTrue(section(response, Section.AUTHORITY).isEmpty());
    }

    @Test
    void namesAreCaseInsensitiveAndTheQuestionIsEchoedAsAsked() {
        Message query = query("WEB.Marathon.MESOS.", Type.A);
        Message response = answerer.answer(query, LOOPBACK);

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(3, section(response, Section.ANSWER).size());
        assertEquals("WEB.Marathon.MESOS.", response.getQuestion().getName().toString());
    }

    @Test
    void shufflesSeveralRecordsDeterministicallyPerGenerator() {
        Set<List<String>> orders = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            Answerer seeded = new Answerer(TestDns.forwarding(List.of()), snapshot::get, upstream, new Random(seed));
            List<String> order = section(seeded.answer(query("web.marathon.mesos.", Type.A), LOOPBACK),
                    Section.ANSWER).stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).toList();
            assertEquals(3, order.size());
            orders.add(order);
        }
        assertTrue(orders.size() > 1, "all 20 seeds gave the same order: " + orders);

        List<Record> first = section(new Answerer(TestDns.forwarding(List.of()), snapshot::get, upstream,
                new Random(7)).answer(query("web.marathon.mesos.", Type.A), LOOPBACK), Section.ANSWER);
        List<Record> again = section(new Answerer(TestDns.forwarding(List.of()), snapshot::get, upstream,
                new Random(7)).answer(query("web.marathon.mesos.", Type.A), LOOPBACK), Section.ANSWER);
        assertEquals(first, again);
    }

    @Test
    void srvAnswersCarryTargetAddressesInTheAdditionalSection() {
        Message response = answerer.answer(query("_web._tcp.marathon.mesos.", Type.SRV), LOOPBACK);

        assertEquals(Rcode.NOERROR, response.getRcode());
        List<Record> answers = section(response, Section.ANSWER);
        assertEquals(3, answers.size());
        Set<String> srvs = answers.stream().map(r -> (SRVRecord) r)
                .map(s -> s.getTarget() + ":" + s.getPort() + ":" + s.getPriority() + ":" + s.getWeight())
                .collect(Collectors.toSet());
        assertEquals(Set.of("web-abc.marathon.slave.mesos.:31000:0:1", "web-def.marathon.slave.mesos.:31001:0:1",
                "web-abc.marathon.slave.mesos.:31002:0:1"), srvs);
        List<Record> additional = section(response, Section.ADDITIONAL);
        assertEquals(2, additional.size(), "one A per distinct target: " + additional);
        assertEquals(Set.of("web-abc.marathon.slave.mesos.", "web-def.marathon.slave.mesos."),
                additional.stream().map(r -> r.getName().toString()).collect(Collectors.toSet()));
        assertEquals(Set.of("10.0.2.1", "10.0.2.2"), addresses(additional));
    }

    @Test
    void anyReturnsBothAAndSrvRecords() {
        Message a = answerer.answer(query("web.marathon.mesos.", Type.ANY), LOOPBACK);
        assertEquals(3, section(a, Section.ANSWER).size());
        Message srv = answerer.answer(query("_web._tcp.marathon.mesos.", Type.ANY), LOOPBACK);
        assertEquals(3, section(srv, Section.ANSWER).size());
        assertTrue(section(srv, Section.ANSWER).stream().allMatch(r -> r.getType() == Type.SRV));
    }

    @Test
    void soaAtTheApexComesFromConfigWithTheSnapshotSerial() {
        Message response = answerer.answer(query("mesos.", Type.SOA), LOOPBACK);

        assertEquals(Rcode.NOERROR, response.getRcode());
        SOARecord soa = assertInstanceOf(SOARecord.class, section(response, Section.ANSWER).get(0));
        assertEquals(name("ns1.mesos."), soa.getHost());
        assertEquals(name("root.ns1.mesos."), soa.getAdmin());
        assertEquals(42, soa.getSerial());
        assertEquals(60, soa.getRefresh());
        assertEquals(600, soa.getRetry());
        assertEquals(86400, soa.getExpire());
        assertEquals(60, soa.getMinimum());

        snapshot.set(TestDns.records(4_000_000_001L));
        SOARecord next = (SOARecord) section(answerer.answer(query("mesos.", Type.SOA), LOOPBACK),
                Section.ANSWER).get(0);
        assertEquals(4_000_000_001L, next.getSerial());
    }

    @Test
    void nsAtTheApexNamesTheSoaMnameWithItsAddress() {
        Message response = answerer.answer(query("MESOS.", Type.NS), LOOPBACK);

        NSRecord ns = assertInstanceOf(NSRecord.class, section(response, Section.ANSWER).get(0));
        assertEquals(name("ns1.mesos."), ns.getTarget());
        assertEquals(Set.of("127.0.0.1"), addresses(section(response, Section.ADDITIONAL)));

        Message any = answerer.answer(query("mesos.", Type.ANY), LOOPBACK);
        assertEquals(Set.of(Type.SOA, Type.NS), section(any, Section.ANSWER).stream().map(Record::getType)
                .collect(Collectors.toSet()));
    }

    @Test
    void otherTypesForAnExistingNameGiveNoDataWithSoa() {
        for (int type : new int[] {Type.AAAA, Type.TXT, Type.MX, Type.SOA}) {
            Message response = answerer.answer(query("leader.mesos.", type), LOOPBACK);
            assertEquals(Rcode.NOERROR, response.getRcode(), Type.string(type));
            assertTrue(section(response, Section.ANSWER).isEmpty(), Type.string(type));
            assertTrue(response.getHeader().getFlag(Flags.AA));
            assertAuthoritativeSoa(response);
        }
        Message apexA = answerer.answer(query("mesos.", Type.A), LOOPBACK);
        assertEquals(Rcode.NOERROR, apexA.getRcode());
        assertAuthoritativeSoa(apexA);
    }

    @Test
    void unknownNamesInTheDomainAreNxdomainWithSoa() {
        for (int type : new int[] {Type.A, Type.AAAA, Type.ANY, Type.SOA}) {
            Message response = answerer.answer(query("nothing.marathon.mesos.", type), LOOPBACK);
            assertEquals(Rcode.NXDOMAIN, response.getRcode(), Type.string(type));
            assertTrue(response.getHeader().getFlag(Flags.AA));
            assertTrue(section(response, Section.ANSWER).isEmpty());
            assertAuthoritativeSoa(response);
        }
        // Mesos-DNS answers an SRV question without records with an empty NOERROR and no SOA
        for (String name : new String[] {"nothing.marathon.mesos.", "leader.mesos."}) {
            Message srv = answerer.answer(query(name, Type.SRV), LOOPBACK);
            assertEquals(Rcode.NOERROR, srv.getRcode(), name);
            assertTrue(srv.getHeader().getFlag(Flags.AA));
            assertTrue(section(srv, Section.ANSWER).isEmpty());
            assertTrue(section(srv, Section.AUTHORITY).isEmpty());
        }
        assertTrue(upstream.seen.isEmpty(), "names in the domain are never forwarded");
    }

    @Test
    void otherNamesAreForwardedForAllowedClientsWithTheQueryId() {
        Message query = query("www.example.org.", Type.A);
        assertTrue(answerer.forwards(query, LOOPBACK));

        Message response = answerer.answer(query, LOOPBACK);

        assertEquals(List.of(query), upstream.seen);
        assertEquals(query.getHeader().getID(), response.getHeader().getID());
        assertEquals(Set.of("192.0.2.1"), addresses(section(response, Section.ANSWER)));
    }

    @Test
    void clientsOutsideRecurseFromAreRefused() {
        Message query = query("www.example.org.", Type.A);
        assertFalse(answerer.forwards(query, OUTSIDE));

        Message response = answerer.answer(query, OUTSIDE);

        assertEquals(Rcode.REFUSED, response.getRcode());
        assertFalse(response.getHeader().getFlag(Flags.RA));
        assertEquals(query.getQuestion(), response.getQuestion());
        assertTrue(upstream.seen.isEmpty());
        // The Mesos domain is still answered for them: it is authoritative data, not recursion.
        assertEquals(Rcode.NOERROR, answerer.answer(query("leader.mesos.", Type.A), OUTSIDE).getRcode());
    }

    @Test
    void recurseFromMatchesIpv6Blocks() {
        Answerer v6 = answerer(TestDns.config("mesos", List.of("192.0.2.53"), true, List.of("::1", "fd00::/8")));
        Message query = query("www.example.org.", Type.A);

        assertTrue(v6.forwards(query, address("::1")));
        assertTrue(v6.forwards(query, address("fd12:3456::1")));
        assertFalse(v6.forwards(query, address("fe80::1")));
        assertFalse(v6.forwards(query, LOOPBACK));
        assertEquals(Rcode.REFUSED, v6.answer(query, address("2001:db8::1")).getRcode());
    }

    @Test
    void withoutRecursionDesiredOrForwardingConfiguredOtherNamesAreRefused() {
        Message noRd = query("www.example.org.", Type.A);
        noRd.getHeader().unsetFlag(Flags.RD);
        assertEquals(Rcode.REFUSED, answerer.answer(noRd, LOOPBACK).getRcode());

        Message query = query("www.example.org.", Type.A);
        Answerer externalOff = answerer(TestDns.config("mesos", List.of("192.0.2.53"), false,
                List.of("127.0.0.0/8")));
        assertEquals(Rcode.REFUSED, externalOff.answer(query, LOOPBACK).getRcode());
        Answerer noResolvers = answerer(TestDns.forwarding(List.of()));
        assertEquals(Rcode.REFUSED, noResolvers.answer(query, LOOPBACK).getRcode());
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void upstreamFailuresAreServfail() {
        Message query = query("www.example.org.", Type.A);
        upstream.failure = new IOException("timed out");
        Message timedOut = answerer.answer(query, LOOPBACK);
        assertEquals(Rcode.SERVFAIL, timedOut.getRcode());
        assertEquals(query.getHeader().getID(), timedOut.getHeader().getID());
        assertEquals(query.getQuestion(), timedOut.getQuestion());

        upstream.failure = null;
        upstream.bug = new IllegalStateException("bug");
        assertEquals(Rcode.SERVFAIL, answerer.answer(query, LOOPBACK).getRcode());
    }

    @Test
    void malformedQueriesAreFormerrAndOtherOpcodesNotimp() {
        Message empty = new Message(99);
        assertEquals(Rcode.FORMERR, answerer.answer(empty, LOOPBACK).getRcode());
        assertEquals(99, answerer.answer(empty, LOOPBACK).getHeader().getID());

        Message two = query("leader.mesos.", Type.A);
        two.addRecord(Record.newRecord(name("ns1.mesos."), Type.A, DClass.IN), Section.QUESTION);
        assertEquals(Rcode.FORMERR, answerer.answer(two, LOOPBACK).getRcode());

        Message response = query("leader.mesos.", Type.A);
        response.getHeader().setFlag(Flags.QR);
        assertEquals(Rcode.FORMERR, answerer.answer(response, LOOPBACK).getRcode());

        for (int opcode : new int[] {Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE}) {
            Message other = query("leader.mesos.", Type.A);
            other.getHeader().setOpcode(opcode);
            Message answer = answerer.answer(other, LOOPBACK);
            assertEquals(Rcode.NOTIMP, answer.getRcode(), Opcode.string(opcode));
            assertEquals(opcode, answer.getHeader().getOpcode());
        }
    }

    @Test
    void nonInternetClassesAreRefused() {
        Message chaos = Message.newQuery(Record.newRecord(name("version.bind."), Type.TXT, DClass.CH));
        assertEquals(Rcode.REFUSED, answerer.answer(chaos, LOOPBACK).getRcode());
        assertTrue(upstream.seen.isEmpty());
    }

    @Test
    void aMissingSnapshotAnswersAsEmpty() {
        snapshot.set(null);
        assertEquals(Rcode.NXDOMAIN, answerer.answer(query("leader.mesos.", Type.A), LOOPBACK).getRcode());
        assertEquals(Rcode.NOERROR, answerer.answer(query("mesos.", Type.SOA), LOOPBACK).getRcode());
    }

    @Test
    void invalidRecurseFromIsRejectedNamingTheEntry() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> answerer(TestDns.config("mesos", List.of(), true, List.of("example.com/8"))));
        assertTrue(e.getMessage().contains("example.com/8"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> answerer(TestDns.config("mesos", List.of(), true, List.of("10.0.0.0/33"))));
    }

    @Test
    void cidrMatchesPrefixBoundaries() {
        Cidr block = Cidr.parse("10.20.0.0/14");
        assertTrue(block.contains(address("10.23.255.255")));
        assertFalse(block.contains(address("10.24.0.0")));
        assertTrue(Cidr.parse("0.0.0.0/0").contains(address("203.0.113.9")));
        assertFalse(Cidr.parse("0.0.0.0/0").contains(address("::1")));
        InetAddress mapped = address("::ffff:127.0.0.1");
        assertTrue(Cidr.parse("127.0.0.0/8").contains(mapped), "Java maps IPv4-mapped IPv6 to IPv4");
    }
}

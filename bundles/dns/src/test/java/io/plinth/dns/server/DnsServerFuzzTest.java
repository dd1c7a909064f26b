package io.plinth.dns.server;

import static io.plinth.dns.server.TestDns.LOOPBACK;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterProperty;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Hostile input: random bytes and mutated valid queries (bit flips, truncation, wrong counts, compression
 * pointer loops, trailing junk, odd opcodes/flags), through the parser path and over real sockets.
 */
class DnsServerFuzzTest {
    private static final Set<Integer> RCODES =
            Set.of(Rcode.NOERROR, Rcode.FORMERR, Rcode.SERVFAIL, Rcode.NXDOMAIN, Rcode.NOTIMP, Rcode.REFUSED);
    private static final List<String> NAMES = List.of("leader.mesos.", "web.marathon.mesos.", "big.marathon.mesos.",
            "_web._tcp.marathon.mesos.", "mesos.", "missing.mesos.", "www.example.org.", ".");
    private static final List<Integer> TYPES =
            List.of(Type.A, Type.AAAA, Type.SRV, Type.ANY, Type.SOA, Type.NS, Type.TXT, Type.AXFR);

    private final DnsServer server = new DnsServer("127.0.0.1", 0, answerer(), DnsServer.Limits.defaults());

    private static Answerer answerer() {
        return new Answerer(TestDns.forwarding(List.of("127.0.0.1:9")), TestDns::records, query -> {
            throw new IOException("no upstream while fuzzing");
        }, new Random(5));
    }

    @AfterProperty
    void closeServer() {
        server.close();
    }

    @Property(tries = 1000)
    void randomBytesGetAValidReplyOrAreDropped(@ForAll @Size(max = 600) byte[] packet) {
        checkParserPath(packet);
    }

    @Property(tries = 1000)
    void mutatedQueriesGetAValidReplyOrAreDropped(@ForAll("mutatedQueries") byte[] packet) {
        checkParserPath(packet);
    }

    @Property(tries = 20)
    void serverStaysResponsiveAfterBatchesOfBadPackets(
            @ForAll @Size(min = 1, max = 10) List<@From("anyPacket") byte[]> batch)
            throws IOException {
        try (DnsServer live = new DnsServer("127.0.0.1", 0, answerer(), DnsServer.Limits.defaults());
             DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            live.start();
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", live.udpPort());
            for (byte[] packet : batch) {
                udp.send(new DatagramPacket(packet, packet.length, to));
            }
            try (Socket tcp = new Socket("127.0.0.1", live.tcpPort())) {
                tcp.setSoTimeout(5000);
                OutputStream out = tcp.getOutputStream();
                for (byte[] packet : batch) {
                    out.write(DnsServerTest.frame(packet));
                }
                tcp.shutdownOutput();
                drain(tcp.getInputStream());
            }
            try (Socket raw = new Socket("127.0.0.1", live.tcpPort())) {
                raw.getOutputStream().write(batch.get(0));
            }

            SimpleResolver client = new SimpleResolver(to);
            client.setTimeout(Duration.ofSeconds(3));
            Message answer = client.send(TestDns.query("leader.mesos.", Type.A));
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertEquals("10.0.0.1",
                    ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());

            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(3))
                    .until(() -> live.stats().queries() >= 2L * batch.size() + 1);
            assertEquals(0, live.stats().errors());
        }
    }

    private void checkParserPath(byte[] packet) {
        byte[] reply = server.handle(packet, LOOPBACK, DnsServer.CLASSIC_UDP_SIZE);
        boolean headless = packet.length < 12 || (packet[2] & 0x80) != 0;
        if (headless) {
            assertNull(reply, "no reply to a packet without a query header");
            return;
        }
        assertNotNull(reply, "a query header always gets a reply");
        assertTrue(reply.length <= DnsServer.CLASSIC_UDP_SIZE);
        Message response;
        try {
            response = new Message(reply);
        } catch (IOException e) {
            throw new AssertionError("unparseable reply to " + Arrays.toString(packet), e);
        }
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertEquals(((packet[0] & 0xFF) << 8) | (packet[1] & 0xFF), response.getHeader().getID());
        assertTrue(RCODES.contains(response.getRcode()), Rcode.string(response.getRcode()));
        if (!parses(packet)) {
            assertEquals(Rcode.FORMERR, response.getRcode());
        }
        assertEquals(0, server.stats().errors());
    }

    private static boolean parses(byte[] packet) {
        try {
            new Message(packet);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] sink = new byte[4096];
        while (in.read(sink) >= 0) {
            // replies are checked by the parser-path properties; here only the server's survival matters
        }
    }

    @Provide
    Arbitrary<byte[]> anyPacket() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(300), mutatedQueries());
    }

    @Provide
    Arbitrary<byte[]> mutatedQueries() {
        Arbitrary<byte[]> valid = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(TYPES),
                Arbitraries.of(true, false)).as(DnsServerFuzzTest::wire);
        return Combinators.combine(valid, Arbitraries.integers().between(1, 3), Arbitraries.longs())
                .as(DnsServerFuzzTest::mutate);
    }

    private static byte[] wire(String name, int type, boolean edns) {
        Message query = Message.newQuery(Record.newRecord(TestDns.name(name), type, DClass.IN));
        if (edns) {
            query.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        }
        return query.toWire();
    }

    private static byte[] mutate(byte[] valid, int rounds, long seed) {
        Random random = new Random(seed);
        byte[] packet = valid.clone();
        for (int i = 0; i < rounds; i++) {
            packet = switch (random.nextInt(6)) {
                case 0 -> flipBits(packet, random);
                case 1 -> Arrays.copyOf(packet, random.nextInt(packet.length + 1));
                case 2 -> wrongCounts(packet, random);
                case 3 -> pointerLoop(packet, random);
                case 4 -> trailingJunk(packet, random);
                default -> oddHeader(packet, random);
            };
        }
        return packet;
    }

    private static byte[] flipBits(byte[] packet, Random random) {
        byte[] out = packet.clone();
        for (int i = 0, n = 1 + random.nextInt(8); i < n && out.length > 0; i++) {
            out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private static byte[] wrongCounts(byte[] packet, Random random) {
        byte[] out = packet.clone();
        for (int offset = 4; offset + 1 < Math.min(out.length, 12); offset += 2) {
            int count = random.nextBoolean() ? random.nextInt(4) : 0xFFFF;
            out[offset] = (byte) (count >>> 8);
            out[offset + 1] = (byte) count;
        }
        return out;
    }

    /** Points the question name at itself, or two labels at each other. */
    private static byte[] pointerLoop(byte[] packet, Random random) {
        if (packet.length < 16) {
            return packet;
        }
        byte[] out = packet.clone();
        if (random.nextBoolean()) {
            out[12] = (byte) 0xC0;
            out[13] = 0x0C;
        } else {
            out[12] = (byte) 0xC0;
            out[13] = 0x0E;
            out[14] = (byte) 0xC0;
            out[15] = 0x0C;
        }
        return out;
    }

    private static byte[] trailingJunk(byte[] packet, Random random) {
        byte[] junk = new byte[1 + random.nextInt(40)];
        random.nextBytes(junk);
        byte[] out = Arrays.copyOf(packet, packet.length + junk.length);
        System.arraycopy(junk, 0, out, packet.length, junk.length);
        return out;
    }

    private static byte[] oddHeader(byte[] packet, Random random) {
        if (packet.length < 4) {
            return packet;
        }
        byte[] out = packet.clone();
        out[2] = (byte) random.nextInt(256);
        out[3] = (byte) random.nextInt(256);
        return out;
    }
}

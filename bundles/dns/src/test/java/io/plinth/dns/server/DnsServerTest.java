package io.plinth.dns.server;

import static io.plinth.dns.server.TestDns.BIG_COUNT;
import static io.plinth.dns.server.TestDns.query;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.dns.core.Records;
import io.plinth.dns.core.model.DnsConfig;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

class DnsServerTest {
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);

    private final List<DnsServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(DnsServer::close);
        // A pool reports termination a moment before its last worker thread has fully returned.
        await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(2))
                .until(() -> Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.isAlive() && t.getName().startsWith("plinth-dns-")));
    }

    private DnsServer start(DnsConfig config, Supplier<Records> records, Upstream upstream, DnsServer.Limits limits)
            throws IOException {
        Answerer answerer = new Answerer(config, records, upstream, new Random(3));
        DnsServer server = new DnsServer("127.0.0.1", 0, answerer, limits);
        servers.add(server);
        server.start();
        return server;
    }

    private DnsServer start(DnsConfig config, Supplier<Records> records) throws IOException {
        return start(config, records, new ResolverUpstream(config.resolvers(), config.timeout()),
                DnsServer.Limits.defaults());
    }

    private static SimpleResolver client(DnsServer server) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.udpPort()));
        resolver.setTimeout(CLIENT_TIMEOUT);
        return resolver;
    }

    private static SimpleResolver tcpClient(DnsServer server) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.tcpPort()));
        resolver.setTimeout(CLIENT_TIMEOUT);
        resolver.setTCP(true);
        return resolver;
    }

    private static Set<String> addresses(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r instanceof ARecord)
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).collect(Collectors.toSet());
    }

    private DnsServer mesos() throws IOException {
        return start(TestDns.forwarding(List.of()), TestDns::records);
    }

    @Test
    void answersAOverUdpAndTcpOnTheSamePort() throws IOException {
        DnsServer server = mesos();
        assertEquals(server.udpPort(), server.tcpPort());

        Message udp = client(server).send(query("web.marathon.mesos.", Type.A));
        assertEquals(Rcode.NOERROR, udp.getRcode());
        assertTrue(udp.getHeader().getFlag(Flags.AA));
        assertEquals(Set.of("10.0.1.1", "10.0.1.2", "10.0.1.3"), addresses(udp));

        Message tcp = tcpClient(server).send(query("leader.mesos.", Type.A));
        assertEquals(Set.of("10.0.0.1"), addresses(tcp));

        DnsServer.Stats stats = server.stats();
        assertEquals(2, stats.queries());
        assertEquals(2L, stats.answersByRcode().get("NOERROR"));
        assertEquals(0, stats.malformed());
        assertEquals(0, stats.errors());
    }

    @Test
    void aQuestionAskedAgainGetsTheSameAnswerWithItsOwnIdAndEveryRecordComesFirst() throws IOException {
        DnsServer server = mesos();
        SimpleResolver client = client(server);
        Set<String> first = new java.util.HashSet<>();
        for (int i = 0; i < 60; i++) {
            Message query = query("web.marathon.mesos.", Type.A);
            Message answer = client.send(query);
            assertEquals(query.getHeader().getID(), answer.getHeader().getID());
            assertEquals(Rcode.NOERROR, answer.getRcode());
            assertTrue(answer.getHeader().getFlag(Flags.AA));
            assertEquals(Set.of("10.0.1.1", "10.0.1.2", "10.0.1.3"), addresses(answer));
            first.add(((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress());
        }
        assertEquals(Set.of("10.0.1.1", "10.0.1.2", "10.0.1.3"), first, "the records take turns");
        assertEquals(60L, server.stats().answersByRcode().get("NOERROR"), "answers from the cache are counted");
    }

    @Test
    void aNewSnapshotIsAnsweredAtOnceDespiteCachedAnswers() throws IOException {
        java.util.concurrent.atomic.AtomicReference<Records> current =
                new java.util.concurrent.atomic.AtomicReference<>(TestDns.records());
        DnsServer server = start(TestDns.forwarding(List.of()), current::get);
        SimpleResolver client = client(server);
        assertEquals(Set.of("10.0.0.1"), addresses(client.send(query("leader.mesos.", Type.A))));
        assertEquals(Set.of("10.0.0.1"), addresses(client.send(query("leader.mesos.", Type.A))));

        current.set(Records.of(99, Map.of("leader.mesos.", List.of("10.9.9.9")), Map.of()));

        assertEquals(Set.of("10.9.9.9"), addresses(client.send(query("leader.mesos.", Type.A))));
        assertEquals(Rcode.NXDOMAIN, client.send(query("web.marathon.mesos.", Type.A)).getRcode());
    }

    @Test
    void answersSrvWithAdditionalAddresses() throws IOException {
        DnsServer server = mesos();
        Message response = client(server).send(query("_web._tcp.marathon.mesos.", Type.SRV));

        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(Set.of(31000, 31001, 31002), response.getSection(Section.ANSWER).stream()
                .map(r -> ((SRVRecord) r).getPort()).collect(Collectors.toSet()));
        assertEquals(Set.of("10.0.2.1", "10.0.2.2"), response.getSection(Section.ADDITIONAL).stream()
                .filter(r -> r instanceof ARecord).map(r -> ((ARecord) r).getAddress().getHostAddress())
                .collect(Collectors.toSet()));
    }

    @Test
    void answersNxdomainWithSoa() throws IOException {
        DnsServer server = mesos();
        Message response = client(server).send(query("missing.mesos.", Type.A));

        assertEquals(Rcode.NXDOMAIN, response.getRcode());
        assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).get(0).getType());
        assertEquals(1L, server.stats().answersByRcode().get("NXDOMAIN"));
    }

    @Test
    void truncatesLargeUdpAnswersAndTheClientRetriesOverTcp() throws IOException {
        DnsServer server = mesos();

        SimpleResolver classic = client(server);
        classic.setEDNS(-1, 0, 0, List.of());
        classic.setIgnoreTruncation(true);
        Message cut = classic.send(query("big.marathon.mesos.", Type.A));
        assertTrue(cut.getHeader().getFlag(Flags.TC));
        int classicCount = cut.getSection(Section.ANSWER).size();
        assertTrue(classicCount > 0 && classicCount < BIG_COUNT, "answers in 512 bytes: " + classicCount);
        assertTrue(cut.toWire().length <= 512);

        SimpleResolver edns = client(server);
        edns.setEDNS(0, 4096, 0, List.of());
        edns.setIgnoreTruncation(true);
        Message larger = edns.send(query("big.marathon.mesos.", Type.A));
        assertTrue(larger.getHeader().getFlag(Flags.TC));
        assertTrue(larger.toWire().length <= DnsServer.MAX_UDP_SIZE);
        assertTrue(larger.getSection(Section.ANSWER).size() > classicCount);
        assertTrue(larger.getOPT() != null, "EDNS queries get an OPT record back");

        Message full = client(server).send(query("big.marathon.mesos.", Type.A));
        assertFalse(full.getHeader().getFlag(Flags.TC));
        assertEquals(BIG_COUNT, addresses(full).size());
    }

    @Test
    void answersSeveralQueriesPerTcpConnection() throws IOException {
        DnsServer server = mesos();
        try (Socket socket = new Socket("127.0.0.1", server.tcpPort())) {
            socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            List<Message> queries = List.of(query("leader.mesos.", Type.A), query("missing.mesos.", Type.A),
                    query("web.marathon.mesos.", Type.A));
            for (Message q : queries) {
                out.write(frame(q.toWire()));
            }
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            for (Message q : queries) {
                Message response = new Message(in.readNBytes(in.readUnsignedShort()));
                assertEquals(q.getHeader().getID(), response.getHeader().getID());
                assertEquals(q.getQuestion(), response.getQuestion());
            }
        }
    }

    @Test
    void closesIdleTcpConnectionsAndBoundsTheirNumber() throws IOException {
        DnsServer server = start(TestDns.forwarding(List.of()), TestDns::records, query -> null,
                new DnsServer.Limits(1, 1, 8, 1, Duration.ofMillis(300)));
        try (Socket first = new Socket("127.0.0.1", server.tcpPort())) {
            first.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
            first.getOutputStream().write(frame(query("leader.mesos.", Type.A).toWire()));
            DataInputStream in = new DataInputStream(first.getInputStream());
            assertEquals(Rcode.NOERROR, new Message(in.readNBytes(in.readUnsignedShort())).getRcode());

            try (Socket second = new Socket("127.0.0.1", server.tcpPort())) {
                second.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
                assertEquals(-1, second.getInputStream().read(), "over the limit: closed at once");
            }
            assertEquals(1, server.stats().dropped());
            assertEquals(-1, first.getInputStream().read(), "idle connection closed by the server");
        }
        Message again = tcpClient(server).send(query("leader.mesos.", Type.A));
        assertEquals(Rcode.NOERROR, again.getRcode());
    }

    @Test
    void forwardsOtherNamesToAnUpstreamServer() throws IOException {
        DnsServer upstreamServer = start(TestDns.config("upstream.test", List.of(), false, List.of()),
                TestDns::upstreamRecords);
        DnsServer server = start(TestDns.forwarding(List.of("127.0.0.1:" + upstreamServer.udpPort())),
                TestDns::records);

        Message response = client(server).send(query("www.upstream.test.", Type.A));
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(Set.of("192.0.2.80"), addresses(response));
        assertEquals(1, server.stats().forwarded());

        Message many = client(server).send(query("many.upstream.test.", Type.A));
        assertEquals(BIG_COUNT, addresses(many).size(), "truncated upstream answer retried over TCP twice");
        assertEquals(Rcode.NXDOMAIN, client(server).send(query("nope.upstream.test.", Type.A)).getRcode());
    }

    @Test
    void refusesRecursionWhenForwardingIsOff() throws IOException {
        DnsServer server = start(TestDns.config("mesos", List.of("127.0.0.1:9"), false, List.of("127.0.0.0/8")),
                TestDns::records);
        Message response = client(server).send(query("www.example.org.", Type.A));
        assertEquals(Rcode.REFUSED, response.getRcode());
        assertEquals(0, server.stats().forwarded());
    }

    @Test
    void upstreamFailureIsServfail() throws IOException {
        DnsServer server = start(TestDns.forwarding(List.of("127.0.0.1:9")), TestDns::records,
                query -> {
                    throw new IOException("unreachable");
                }, DnsServer.Limits.defaults());
        assertEquals(Rcode.SERVFAIL, client(server).send(query("www.example.org.", Type.A)).getRcode());
        assertEquals(1L, server.stats().answersByRcode().get("SERVFAIL"));
    }

    @Test
    void aStalledUpstreamDoesNotDelayLocalAnswers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Upstream stalled = query -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("released");
        };
        DnsServer server = start(TestDns.forwarding(List.of("127.0.0.1:9")), TestDns::records, stalled,
                new DnsServer.Limits(1, 1, 8, 4, Duration.ofSeconds(5)));
        try {
            CompletableFuture<Message> pending = client(server).sendAsync(query("www.example.org.", Type.A))
                    .toCompletableFuture();
            await().atMost(Duration.ofSeconds(3)).until(() -> server.stats().forwarded() == 1);

            long begin = System.nanoTime();
            Message local = client(server).send(query("leader.mesos.", Type.A));
            assertEquals(Set.of("10.0.0.1"), addresses(local));
            assertTrue(Duration.ofNanos(System.nanoTime() - begin).compareTo(Duration.ofSeconds(2)) < 0);
            assertFalse(pending.isDone());

            release.countDown();
            assertEquals(Rcode.SERVFAIL, pending.get(5, TimeUnit.SECONDS).getRcode());
        } finally {
            release.countDown();
        }
    }

    @Test
    void malformedPacketsGetFormerrWhenTheHeaderParsesAndAreOtherwiseDropped() throws IOException {
        DnsServer server = mesos();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
            InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.udpPort());
            socket.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, to));
            // A header claiming one question, followed by nothing.
            byte[] headerOnly = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
            socket.send(new DatagramPacket(headerOnly, headerOnly.length, to));

            DatagramPacket reply = new DatagramPacket(new byte[512], 512);
            socket.receive(reply);
            Message formerr = new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
            assertEquals(0x1234, formerr.getHeader().getID());
            assertEquals(Rcode.FORMERR, formerr.getRcode());
            assertTrue(formerr.getHeader().getFlag(Flags.QR));
            assertTrue(formerr.getHeader().getFlag(Flags.RD));
        }
        await().atMost(Duration.ofSeconds(3)).until(() -> server.stats().malformed() == 2);
        assertEquals(Rcode.NOERROR, client(server).send(query("leader.mesos.", Type.A)).getRcode());
        assertEquals(0, server.stats().errors());
    }

    @Test
    void strayResponsesAreDroppedSoServersCannotPingPong() throws IOException {
        DnsServer server = mesos();
        Message stray = query("leader.mesos.", Type.A);
        stray.getHeader().setFlag(Flags.QR);
        assertEquals(null, server.handle(stray.toWire(), TestDns.LOOPBACK, 512));
        byte[] strayGarbage = {0x12, 0x34, (byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0};
        assertEquals(null, server.handle(strayGarbage, TestDns.LOOPBACK, 512));
        assertEquals(2, server.stats().malformed());
    }

    @Test
    void encodeKeepsWholeResponsesThatFit() {
        Message response = new Answerer(TestDns.forwarding(List.of()), TestDns::records, q -> null, new Random(1))
                .answer(query("web.marathon.mesos.", Type.A), TestDns.LOOPBACK);
        assertArrayEquals(response.toWire(), DnsServer.encode(response, 512));
    }

    @Test
    void closeIsIdempotentAndStartAfterCloseFails() throws IOException {
        DnsServer server = mesos();
        int port = server.udpPort();
        server.close();
        server.close();
        try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
            assertEquals(port, rebound.getLocalPort(), "port released by close");
        }
        assertThrows(IllegalStateException.class, server::start);
    }

    @Test
    void answersDigWhenItIsInstalled() throws Exception {
        Optional<Path> dig = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, "dig")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(dig.isPresent(), "dig not installed");
        DnsServer server = mesos();
        Process process = new ProcessBuilder(dig.get().toString(), "@127.0.0.1", "-p",
                String.valueOf(server.udpPort()), "+short", "+tries=1", "+time=3", "leader.mesos", "A")
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS), "dig finished");
        assertEquals("10.0.0.1", new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
    }

    static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >>> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        return framed;
    }

}

package io.plinth.dns.server;

import static io.plinth.dns.server.TestDns.BIG_COUNT;
import static io.plinth.dns.server.TestDns.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResolverUpstreamTest {
    private DnsServer upstreamServer;
    private String upstreamAddress;

    @BeforeEach
    void startUpstream() throws IOException {
        Answerer answerer = new Answerer(TestDns.config("upstream.test", List.of(), false, List.of()),
                TestDns::upstreamRecords, q -> null, new Random(1));
        upstreamServer = new DnsServer("127.0.0.1", 0, answerer, DnsServer.Limits.defaults());
        upstreamServer.start();
        upstreamAddress = "127.0.0.1:" + upstreamServer.udpPort();
    }

    @AfterEach
    void stopUpstream() {
        upstreamServer.close();
    }

    @Test
    void forwardsToTheResolver() throws IOException {
        Message response = new ResolverUpstream(List.of(upstreamAddress), Duration.ofSeconds(2))
                .forward(query("www.upstream.test.", Type.A));
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(1, response.getSection(Section.ANSWER).size());
    }

    @Test
    void retriesTruncatedAnswersOverTcp() throws IOException {
        Message response = new ResolverUpstream(List.of(upstreamAddress), Duration.ofSeconds(2))
                .forward(query("many.upstream.test.", Type.A));
        assertEquals(BIG_COUNT, response.getSection(Section.ANSWER).size());
        assertEquals(2L, upstreamServer.stats().answersByRcode().get("NOERROR"),
                "one truncated UDP answer, then one over TCP");
    }

    @Test
    void movesOnToTheNextResolverWhenOneTimesOut() throws IOException {
        try (DatagramSocket silentUdp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            String silent = "127.0.0.1:" + silentUdp.getLocalPort();
            ResolverUpstream upstream = new ResolverUpstream(List.of(silent, upstreamAddress),
                    Duration.ofSeconds(1));
            Message response = upstream.forward(query("www.upstream.test.", Type.A));
            assertEquals(1, response.getSection(Section.ANSWER).size());

            ResolverUpstream onlySilent = new ResolverUpstream(List.of(silent), Duration.ofSeconds(1));
            assertThrows(IOException.class, () -> onlySilent.forward(query("www.upstream.test.", Type.A)));
        }
    }

    @Test
    void parsesMesosDnsResolverAddresses() {
        assertEquals(new InetSocketAddress("8.8.8.8", 53), ResolverUpstream.address("8.8.8.8"));
        assertEquals(new InetSocketAddress("10.0.0.2", 5353), ResolverUpstream.address("10.0.0.2:5353"));
        assertEquals(new InetSocketAddress("::1", 53), ResolverUpstream.address("::1"));
        assertEquals(new InetSocketAddress("::1", 5353), ResolverUpstream.address("[::1]:5353"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResolverUpstream.address("10.0.0.2:http"));
        assertTrue(e.getMessage().contains("10.0.0.2:http"));
        assertThrows(IllegalArgumentException.class, () -> ResolverUpstream.address("10.0.0.2:70000"));
        assertThrows(IOException.class, () -> new ResolverUpstream(List.of(), Duration.ofSeconds(1))
                .forward(query("x.", Type.A)));
    }
}

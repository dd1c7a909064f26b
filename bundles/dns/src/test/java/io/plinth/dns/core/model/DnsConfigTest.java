package io.plinth.dns.core.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DnsConfigTest {

    @Test
    void defaultsAreMesosDnsDefaults() {
        DnsConfig c = DnsConfig.defaults();
        assertEquals("mesos", c.domain());
        assertEquals(60, c.ttl());
        assertEquals(8053, c.port());
        assertEquals("0.0.0.0", c.listener());
        assertEquals(List.of(), c.resolvers());
        assertEquals(Duration.ofSeconds(5), c.timeout());
        assertTrue(c.externalOn());
        assertEquals(List.of("127.0.0.0/8"), c.recurseFrom());
        assertEquals("ns1.mesos", c.soaMname());
        assertEquals("root.ns1.mesos", c.soaRname());
        assertEquals(List.of(60, 600, 86400, 60), List.of(c.soaRefresh(), c.soaRetry(), c.soaExpire(), c.soaMinttl()));
        assertEquals(List.of("netinfo", "mesos", "host"), c.ipSources());
        assertFalse(c.enforceRfc952());
        assertEquals(8123, c.httpPort());
        assertEquals("ns1.mesos", c.serverName());
        assertEquals("127.0.0.1", c.serverIp());
        assertEquals(c, DnsConfig.builder().build());
    }

    @Test
    void normalisesNamesLikeMesosDns() {
        DnsConfig c = DnsConfig.builder().domain("Prod.Mesos.").soaRname("admin@Example.com.")
                .serverName("NS2.prod.mesos.").build();
        assertEquals("prod.mesos", c.domain());
        assertEquals("admin.example.com", c.soaRname());
        assertEquals("ns2.prod.mesos", c.serverName());
    }

    @Test
    void acceptsResolverAndCidrForms() {
        DnsConfig c = DnsConfig.builder().resolvers(List.of("8.8.8.8", "10.0.0.2:5353", "dns.example.com",
                "[2001:db8::1]:53")).recurseFrom(List.of("10.0.0.0/8", "0.0.0.0/0", "fd00::/8")).port(0).build();
        assertEquals(4, c.resolvers().size());
        assertEquals(0, c.port());
    }

    @Test
    void listsAreCopied() {
        List<String> sources = new java.util.ArrayList<>(List.of("host"));
        DnsConfig c = DnsConfig.builder().ipSources(sources).build();
        sources.add("netinfo");
        assertEquals(List.of("host"), c.ipSources());
        assertThrows(UnsupportedOperationException.class, () -> c.ipSources().add("mesos"));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                bad("domain", b -> b.domain("")),
                bad("domain", b -> b.domain("bad_domain")),
                bad("domain", b -> b.domain("a..b")),
                bad("ttl", b -> b.ttl(-1)),
                bad("port", b -> b.port(65536)),
                bad("listener", b -> b.listener("not-an-ip")),
                bad("resolvers", b -> b.resolvers(List.of("8.8.8.8:0"))),
                bad("resolvers", b -> b.resolvers(List.of("8.8.8.8:x"))),
                bad("resolvers", b -> b.resolvers(List.of(" "))),
                bad("timeout", b -> b.timeout(Duration.ZERO)),
                bad("timeout", b -> b.timeout(null)),
                bad("recurseFrom", b -> b.recurseFrom(List.of("example.org/8"))),
                bad("recurseFrom", b -> b.recurseFrom(List.of("10.0.0.0/33"))),
                bad("recurseFrom", b -> b.recurseFrom(List.of("300.0.0.0/8"))),
                bad("soaMname", b -> b.soaMname(null)),
                bad("soaRname", b -> b.soaRname("-bad.example")),
                bad("soaRefresh", b -> b.soaRefresh(-1)),
                bad("soaRetry", b -> b.soaRetry(-1)),
                bad("soaExpire", b -> b.soaExpire(-1)),
                bad("soaMinttl", b -> b.soaMinttl(-1)),
                bad("ipSources", b -> b.ipSources(List.of())),
                bad("ipSources", b -> b.ipSources(List.of("dns"))),
                bad("ipSources", b -> b.ipSources(List.of("host", "host"))),
                bad("httpPort", b -> b.httpPort(-1)),
                bad("serverName", b -> b.serverName("has space")),
                bad("serverIp", b -> b.serverIp("::1")),
                bad("serverIp", b -> b.serverIp("256.1.1.1")));
    }

    private static Arguments bad(String field, UnaryOperator<DnsConfig.Builder> change) {
        return Arguments.of(field, change);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void rejectsInvalidValuesNamingTheField(String field, UnaryOperator<DnsConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(DnsConfig.builder()).build());
        assertTrue(e.getMessage().startsWith(field + ":"), e.getMessage());
    }
}

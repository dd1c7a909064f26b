package io.plinth.zookeeper.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemberTest {

    @Test
    void blankListIsStandalone() {
        assertEquals(List.of(), Member.parseList("", 2181));
        assertEquals(List.of(), Member.parseList("  ", 2181));
        assertEquals(List.of(), Member.parseList(null, 2181));
    }

    @Test
    void membersGetIdsInListOrderAndTheDefaultClientPort() {
        List<Member> members = Member.parseList("10.0.0.1:2888:3888, 10.0.0.2:2888:3888 ,zk-3.example:2889:3889", 2181);

        assertEquals(List.of(
                new Member(1, "10.0.0.1", 2888, 3888, 2181),
                new Member(2, "10.0.0.2", 2888, 3888, 2181),
                new Member(3, "zk-3.example", 2889, 3889, 2181)), members);
    }

    @Test
    void entryMayNameItsClientPort() {
        List<Member> members = Member.parseList("127.0.0.1:2888:3888;2181,127.0.0.1:2889:3889; 2182", 2181);

        assertEquals(2181, members.get(0).clientPort());
        assertEquals(2182, members.get(1).clientPort());
        assertEquals("127.0.0.1:2889:3889", members.get(1).quorumSpec());
    }

    @Test
    void bracketedIpv6HostKeepsItsColons() {
        Member member = Member.parseList("[fd00::1]:2888:3888", 2181).get(0);

        assertEquals("[fd00::1]", member.host());
        assertEquals(2888, member.peerPort());
        assertEquals(3888, member.electionPort());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.1:2888:3888,10.0.0.2:2888           | servers entry 2 \"10.0.0.2:2888\" does not match host:peerPort:electionPort[;clientPort]",
        "10.0.0.1                                   | servers entry 1 \"10.0.0.1\" does not match",
        ":2888:3888                                 | servers entry 1 \":2888:3888\" does not match",
        "10.0.0.1:x:3888                            | servers entry 1 \"10.0.0.1:x:3888\": peer port \"x\" is not a number",
        "10.0.0.1:2888:                             | servers entry 1 \"10.0.0.1:2888:\": election port \"\" is not a number",
        "10.0.0.1:2888:70000                        | servers entry 1 \"10.0.0.1:2888:70000\": election port must be 1-65535, was 70000",
        "10.0.0.1:2888:3888;abc                     | servers entry 1 \"10.0.0.1:2888:3888;abc\": client port \"abc\" is not a number",
        "10.0.0.1:2888:3888;0                       | servers entry 1 \"10.0.0.1:2888:3888;0\": client port must be 1-65535, was 0",
        "10.0.0.1:2888:3888,,10.0.0.3:2888:3888     | servers entry 2 is empty",
        "10.0.0.1:2888:3888,                        | servers entry 2 is empty",
        "127.0.0.1:2888:3888,127.0.0.1:2888:3889    | servers entry 2 \"127.0.0.1:2888:3889;2181\" reuses 127.0.0.1:2888",
        "127.0.0.1:2888:3888,127.0.0.1:2889:3889    | servers entry 2 \"127.0.0.1:2889:3889;2181\" reuses 127.0.0.1:2181",
        "127.0.0.1:2888:2888                        | servers entry 1 \"127.0.0.1:2888:2888;2181\" reuses 127.0.0.1:2888",
    })
    void malformedEntryIsNamed(String servers, String expectedStart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Member.parseList(servers, 2181));

        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }

    @Test
    void sameClientPortOnDifferentHostsIsFine() {
        assertEquals(3, Member.parseList("a:2888:3888,b:2888:3888,c:2888:3888", 2181).size());
    }
}

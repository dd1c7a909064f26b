package io.plinth.zookeeper.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plinth.zookeeper.api.MemberStatus;
import org.junit.jupiter.api.Test;

class SrvrAnswersTest {

    private static String srvr(String mode) {
        return "Zookeeper version: 3.9.4-7246445ec281f3dbf53dc54e970c914f39713903, built on 2025-08-19 19:53 UTC\n"
                + "Latency min/avg/max: 0/0.4286/3\n"
                + "Received: 8\n"
                + "Sent: 7\n"
                + "Connections: 1\n"
                + "Outstanding: 0\n"
                + "Zxid: 0x100000002\n"
                + "Mode: " + mode + "\n"
                + "Node count: 6\n";
    }

    @Test
    void leaderServesAndLeads() {
        assertEquals(new MemberStatus("zk1", 3, "serving", true),
                SrvrAnswers.parse("zk1", srvr("leader") + "Proposal sizes last/min/max: 36/32/48\n"));
    }

    @Test
    void standaloneServerLeadsItself() {
        assertEquals(new MemberStatus("zk1", 3, "serving", true), SrvrAnswers.parse("zk1", srvr("standalone")));
    }

    @Test
    void followerAndObserverServeWithoutLeading() {
        assertEquals(new MemberStatus("zk2", 3, "serving", false), SrvrAnswers.parse("zk2", srvr("follower")));
        assertEquals(new MemberStatus("zk2", 3, "serving", false), SrvrAnswers.parse("zk2", srvr("observer")));
    }

    @Test
    void windowsLineEndingsAreAnswersToo() {
        assertEquals(MemberStatus.SERVING, SrvrAnswers.parse("zk1", srvr("follower").replace("\n", "\r\n")).code());
    }

    @Test
    void serverElectingALeaderDoesNotServe() {
        assertEquals(new MemberStatus("zk3", 2, "not serving", false),
                SrvrAnswers.parse("zk3", "This ZooKeeper instance is not currently serving requests\n"));
    }

    @Test
    void readOnlyServerDoesNotCount() {
        assertEquals(MemberStatus.NOT_SERVING, SrvrAnswers.parse("zk3", srvr("read-only")).code());
    }

    @Test
    void liveProcessWithoutAnAnswerDoesNotServe() {
        assertEquals(MemberStatus.NOT_SERVING, SrvrAnswers.parse("zk3", "").code());
        assertEquals(MemberStatus.NOT_SERVING,
                SrvrAnswers.parse("zk3", "srvr is not executed because it is not in the whitelist.\n").code());
        assertEquals(MemberStatus.NOT_SERVING, SrvrAnswers.parse("zk3", "HTTP/1.1 400 Bad Request\r\n").code());
    }

    @Test
    void unreachableMemberIsDown() {
        assertEquals(new MemberStatus("zk3", 1, "down", false), SrvrAnswers.down("zk3"));
    }
}

package io.plinth.dns.core;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordsTest {

    private static Records sample() {
        Records.Builder b = Records.builder(7);
        assertTrue(b.addA("Web.Marathon.Mesos.", "10.0.0.1"));
        assertTrue(b.addA("web.marathon.mesos", "10.0.0.2"));
        assertFalse(b.addA("web.marathon.mesos.", "10.0.0.1"), "a duplicate is kept once");
        assertTrue(b.addSrv("_web._tcp.marathon.mesos.", Srv.of("Web-abcde-s0.marathon.slave.mesos", 31000)));
        assertFalse(b.addSrv("_web._tcp.marathon.mesos.", Srv.of("web-abcde-s0.marathon.slave.mesos.", 31000)));
        b.addA("a.mesos.", "10.0.0.9");
        return b.build();
    }

    @Test
    void lookupsAreCaseInsensitiveAndAcceptAMissingTrailingDot() {
        Records r = sample();
        assertEquals(7, r.serial());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), r.a("WEB.marathon.mesos"));
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), r.a("web.marathon.mesos."));
        assertEquals(List.of(new Srv("web-abcde-s0.marathon.slave.mesos.", 31000, 0, 0)),
                r.srv("_WEB._tcp.marathon.mesos"));
        assertEquals(List.of(), r.a("_web._tcp.marathon.mesos."));
        assertEquals(List.of(), r.srv("nothing.mesos."));
        assertEquals(List.of(), r.a(null));
    }

    @Test
    void hasNameCoversEveryType() {
        Records r = sample();
        assertTrue(r.hasName("web.marathon.mesos"));
        assertTrue(r.hasName("_web._tcp.marathon.mesos."));
        assertFalse(r.hasName("other.marathon.mesos."));
    }

    @Test
    void enumerationsAreSortedAndImmutable() {
        Records r = sample();
        assertEquals(List.of("a.mesos.", "web.marathon.mesos."), List.copyOf(r.aRecords().keySet()));
        assertEquals(List.of("_web._tcp.marathon.mesos."), List.copyOf(r.srvRecords().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> r.aRecords().put("x.", List.of()));
        assertThrows(UnsupportedOperationException.class, () -> r.a("a.mesos").add("1.2.3.4"));
    }

    @Test
    void emptyHasNothing() {
        assertEquals(0, Records.empty().serial());
        assertEquals(Map.of(), Records.empty().aRecords());
        assertFalse(Records.empty().hasName("mesos."));
    }

    @Test
    void rejectsInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> Records.builder(1).addA("x.", "::1"));
        assertThrows(IllegalArgumentException.class, () -> Srv.of("x.", 70000));
        assertThrows(IllegalArgumentException.class, () -> Srv.of(" ", 1));
        assertEquals("0 0 53 ns1.mesos.", Srv.of("NS1.mesos", 53).toString());
    }

    @Test
    void equalSnapshotsAreEqual() {
        assertEquals(sample(), sample());
        assertEquals(sample().hashCode(), sample().hashCode());
    }

    @Test
    void countsNamesOfAnyTypeOnceAndEveryRecord() {
        Records records = Records.of(1, Map.of("web.mesos.", List.of("10.0.0.1", "10.0.0.2"),
                        "_web._tcp.mesos.", List.of("10.0.0.3")),
                Map.of("_web._tcp.mesos.", List.of(Srv.of("web.mesos.", 31000))));
        assertEquals(2, records.nameCount());
        assertEquals(4, records.recordCount());
        assertEquals(0, Records.empty().nameCount());
    }
}

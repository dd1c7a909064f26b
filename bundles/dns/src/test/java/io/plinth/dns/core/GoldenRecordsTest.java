package io.plinth.dns.core;

import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.DnsConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The generator's output for a hand-built /master/state equals records written by hand from Mesos-DNS's rules. */
class GoldenRecordsTest {

    @Test
    void stateJsonGeneratesExactlyTheExpectedRecords() throws IOException {
        ClusterState state;
        try (InputStream in = GoldenRecordsTest.class.getResourceAsStream("/state.json")) {
            state = StateJson.parse(in);
        }
        Records records = new RecordGenerator().generate(state, DnsConfig.defaults(), 42);

        assertEquals(expected(), render(records));
        assertEquals(42, records.serial());
    }

    /** One line per record, "name A ip" or "name SRV priority weight port target", sorted. */
    static List<String> render(Records records) {
        List<String> lines = new ArrayList<>();
        records.aRecords().forEach((name, ips) -> ips.forEach(ip -> lines.add(name + " A " + ip)));
        records.srvRecords().forEach((name, srvs) -> srvs.forEach(srv -> lines.add(name + " SRV " + srv)));
        lines.sort(null);
        return lines;
    }

    private static List<String> expected() throws IOException {
        try (InputStream in = GoldenRecordsTest.class.getResourceAsStream("/state.records")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        }
    }
}

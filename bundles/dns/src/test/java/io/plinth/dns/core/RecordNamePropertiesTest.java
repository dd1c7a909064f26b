package io.plinth.dns.core;

import io.plinth.dns.core.model.Agent;
import io.plinth.dns.core.model.ClusterState;
import io.plinth.dns.core.model.Discovery;
import io.plinth.dns.core.model.DiscoveryPort;
import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Framework;
import io.plinth.dns.core.model.Master;
import io.plinth.dns.core.model.Task;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whatever names tasks and frameworks have, every generated name is one a DNS server can carry. */
class RecordNamePropertiesTest {

    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern SERVICE_LABEL = Pattern.compile("_[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(90),
                Arbitraries.strings().withChars("aZ09-._/$ é").ofMaxLength(140),
                Arbitraries.strings().withChars("ab-.").ofMinLength(60).ofMaxLength(300));
    }

    @Property(tries = 300)
    void everyNameIsAValidLowerCaseNameInTheDomain(@ForAll("names") String taskName,
                                                   @ForAll("names") String frameworkName,
                                                   @ForAll("names") String portName,
                                                   @ForAll boolean rfc952) {
        DnsConfig config = DnsConfig.builder().domain("Dc1.Mesos").enforceRfc952(rfc952).build();
        Agent agent = new Agent("20150101-0000-" + (rfc952 ? "S1" : "S_1x"), "agent", "10.0.0.2");
        List<Task> tasks = List.of(
                new Task("id-" + taskName, taskName, "f", agent.id(), "TASK_RUNNING", List.of(31000, 31001),
                        Optional.empty(), List.of("10.9.0.1"), Map.of()),
                new Task("id2-" + taskName, "x", "f", agent.id(), "TASK_RUNNING", List.of(31002),
                        Optional.of(new Discovery("FRAMEWORK", taskName,
                                List.of(new DiscoveryPort(8080, portName, portName)))), List.of(), Map.of()));
        ClusterState state = new ClusterState(Optional.of(new Master("m", "10.0.0.1", 5050)), List.of(),
                List.of(agent), List.of(new Framework("f", frameworkName)), tasks);

        Records records = new RecordGenerator().generate(state, config, 1);

        List<String> names = new ArrayList<>(records.aRecords().keySet());
        names.addAll(records.srvRecords().keySet());
        records.srvRecords().values().forEach(list -> list.forEach(srv -> names.add(srv.target())));
        for (String name : names) {
            assertTrue(name.endsWith(".dc1.mesos.") || name.equals("ns1.mesos."), name);
            assertTrue(name.length() <= 254, name);
            String[] labels = name.substring(0, name.length() - 1).split("\\.", -1);
            for (String label : labels) {
                assertTrue(HOST_LABEL.matcher(label).matches() || SERVICE_LABEL.matcher(label).matches(),
                        () -> "label '" + label + "' of " + name);
            }
        }
        records.srvRecords().values().forEach(list -> list.forEach(srv ->
                assertTrue(records.hasName(srv.target()), "SRV target resolves: " + srv.target())));
    }

    @Property(tries = 500)
    void labelsAreValidAndBounded(@ForAll("names") String name) {
        String l1123 = Labels.rfc1123(name);
        String l952 = Labels.rfc952(name);
        assertTrue(l1123.isEmpty() || HOST_LABEL.matcher(l1123).matches(), l1123);
        assertTrue(l952.isEmpty() || l952.matches("[a-z]([a-z0-9-]{0,22}[a-z0-9])?"), l952);
        assertTrue(Labels.rfc1123(l1123).equals(l1123), "sanitising is idempotent");
    }
}

package io.plinth.dns.command;

import io.plinth.dns.api.DnsRecord;
import io.plinth.dns.api.DnsService;
import io.plinth.dns.api.DnsStatus;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "plinth", name = "dns-records", description = "Lists the records this node's DNS server holds")
@Service
public class DnsRecordsCommand implements Action {

    @Option(name = "--name", aliases = "-n", description = "Only names containing this text")
    String contains;

    @Reference(optional = true)
    DnsService dns;

    @Override
    public Object execute() {
        if (dns == null) {
            System.out.println("No DNS server runs on this node.");
            return null;
        }
        DnsStatus status = dns.status();
        System.out.println("domain " + status.domain() + ", serial " + status.serial() + ", " + status.names()
                + " names, " + status.records() + " records, following "
                + status.following().orElse("no master yet") + ", udp/tcp port " + status.udpPort()
                + ", HTTP port " + status.httpPort());
        List<DnsRecord> records = dns.records().stream()
                .filter(r -> contains == null || r.name().contains(contains.toLowerCase(Locale.ROOT)))
                .toList();
        if (records.isEmpty()) {
            System.out.println("No records.");
            return null;
        }
        DnsLookupCommand.table(records).print(System.out);
        return null;
    }
}

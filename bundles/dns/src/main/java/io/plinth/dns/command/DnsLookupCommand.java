package io.plinth.dns.command;

import io.plinth.dns.api.DnsAnswer;
import io.plinth.dns.api.DnsRecord;
import io.plinth.dns.api.DnsService;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "dns-lookup", description = "Asks this node's DNS server a question, as dig would")
@Service
public class DnsLookupCommand implements Action {

    @Argument(index = 0, name = "name", required = true, description = "The name, e.g. web.marathon.mesos")
    String name;

    @Argument(index = 1, name = "type", description = "Record type: A (default), SRV, SOA, NS, ANY, ...")
    String type = "A";

    @Reference(optional = true)
    DnsService dns;

    @Override
    public Object execute() {
        if (dns == null) {
            System.out.println("No DNS server runs on this node.");
            return null;
        }
        DnsAnswer answer;
        try {
            answer = dns.lookup(name, type);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            return null;
        }
        System.out.println("status: " + answer.rcode());
        print("ANSWER", answer.answer());
        print("AUTHORITY", answer.authority());
        print("ADDITIONAL", answer.additional());
        return null;
    }

    static void print(String section, List<DnsRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        System.out.println(section);
        table(records).print(System.out);
    }

    static ShellTable table(List<DnsRecord> records) {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("TTL").alignRight();
        table.column("Type");
        table.column("Data");
        records.forEach(r -> table.addRow().addContent(r.name(), r.ttl(), r.type(), r.data()));
        return table;
    }
}

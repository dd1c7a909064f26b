package io.plinth.master.operator.command;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.operator.state.ClusterTables;
import io.plinth.master.operator.state.ClusterTables.AgentRow;
import io.plinth.master.operator.state.Json;
import io.plinth.mesos.api.ResourceManager;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "agents", description = "Lists the agents registered with the leading master")
@Service
public class AgentsCommand implements Action {

    @Argument(index = 0, name = "agent", description = "Only this agent (id or hostname)", required = false)
    @Completion(AgentIdCompleter.class)
    String agent;

    @Reference(optional = true)
    ResourceManager manager;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        if (manager == null) {
            System.out.println(Leadership.notLeading(detector));
            return null;
        }
        List<AgentRow> rows = new ClusterTables(new Json()).agents(manager.state()).stream()
                .filter(row -> agent == null || agent.equals(row.id()) || agent.equals(row.hostname()))
                .toList();
        if (rows.isEmpty()) {
            System.out.println("No agents.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Hostname");
        table.column("Roles");
        table.column("State");
        table.column("CPUs").alignRight();
        table.column("Mem (MB)").alignRight();
        table.column("Disk (MB)").alignRight();
        table.column("Attributes");
        rows.forEach(row -> table.addRow().addContent(row.id(), row.hostname(), row.roles(), row.state(),
                Amounts.usedOfTotal(row.cpusUsed(), row.cpusTotal()),
                Amounts.usedOfTotal(row.memUsed(), row.memTotal()),
                Amounts.usedOfTotal(row.diskUsed(), row.diskTotal()),
                row.attributes()));
        table.print(System.out);
        return null;
    }
}

package io.plinth.master.operator.command;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.operator.state.ClusterTables;
import io.plinth.master.operator.state.ClusterTables.FrameworkRow;
import io.plinth.master.operator.state.Json;
import io.plinth.mesos.api.ResourceManager;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "frameworks", description = "Lists the frameworks registered with the leading master")
@Service
public class FrameworksCommand implements Action {

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
        List<FrameworkRow> rows = new ClusterTables(new Json()).frameworks(manager.state());
        if (rows.isEmpty()) {
            System.out.println("No frameworks.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Roles");
        table.column("Active");
        table.column("Connected");
        table.column("Tasks").alignRight();
        table.column("CPUs").alignRight();
        table.column("Mem (MB)").alignRight();
        rows.forEach(row -> table.addRow().addContent(row.id(), row.name(), row.roles(), row.active(), row.connected(),
                row.tasks(), Amounts.amount(row.cpusUsed()), Amounts.amount(row.memUsed())));
        table.print(System.out);
        return null;
    }
}

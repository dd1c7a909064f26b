package io.plinth.master.operator.command;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.operator.state.ClusterTables;
import io.plinth.master.operator.state.ClusterTables.TaskRow;
import io.plinth.master.operator.state.Json;
import io.plinth.mesos.api.ResourceManager;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "tasks", description = "Lists the tasks the leading master knows (not the completed ones unless asked)")
@Service
public class TasksCommand implements Action {

    @Option(name = "--framework", aliases = "-f", description = "Only the tasks of this framework (id or name)")
    @Completion(FrameworkIdCompleter.class)
    String framework;

    @Option(name = "--agent", aliases = "-a", description = "Only the tasks on this agent (id or hostname)")
    @Completion(AgentIdCompleter.class)
    String agent;

    @Option(name = "--completed", aliases = "-c", description = "Also list completed tasks")
    boolean completed;

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
        List<TaskRow> rows = new ClusterTables(new Json())
                .tasks(manager.state(), Optional.ofNullable(framework), Optional.ofNullable(agent), completed);
        if (rows.isEmpty()) {
            System.out.println("No tasks.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Name");
        table.column("Framework");
        table.column("Agent");
        table.column("State");
        table.column("CPUs").alignRight();
        table.column("Mem (MB)").alignRight();
        rows.forEach(row -> table.addRow().addContent(row.id(), row.name(), row.framework(), row.agent(), row.state(),
                Amounts.amount(row.cpus()), Amounts.amount(row.mem())));
        table.print(System.out);
        return null;
    }
}

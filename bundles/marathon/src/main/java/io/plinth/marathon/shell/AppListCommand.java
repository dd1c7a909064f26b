package io.plinth.marathon.shell;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.TaskCounts;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "app-list", description = "Lists the apps of the init scheduler with their tasks and deployments")
@Service
public class AppListCommand implements Action {

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            List<AppDefinition> apps = Cells.apps(scheduler.root());
            if (apps.isEmpty()) {
                System.out.println("No apps.");
                return;
            }
            List<Deployment> deployments = scheduler.deployments();
            ShellTable table = new ShellTable();
            table.column("ID");
            table.column("INSTANCES").alignRight();
            table.column("CPUS").alignRight();
            table.column("MEM").alignRight();
            table.column("HEALTH").alignRight();
            table.column("DEPLOYMENTS").alignRight();
            table.column("CMD");
            for (AppDefinition app : apps) {
                TaskCounts counts = scheduler.counts(app.id());
                long deploying = deployments.stream().filter(d -> d.affectedApps().contains(app.id())).count();
                table.addRow().addContent(
                        app.id(),
                        counts.tasksRunning() + "/" + app.instances(),
                        Cells.amount(app.cpus()),
                        Cells.amount(app.mem()),
                        app.healthChecks().isEmpty() ? "-" : counts.tasksHealthy() + "/" + counts.tasksRunning(),
                        deploying,
                        Cells.abbreviate(Cells.commandLine(app), Cells.CMD_WIDTH));
            }
            table.print(System.out);
        });
        return null;
    }
}

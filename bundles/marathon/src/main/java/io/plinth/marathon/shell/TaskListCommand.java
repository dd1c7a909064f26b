package io.plinth.marathon.shell;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "task-list", description = "Lists the tasks of all apps, or of one")
@Service
public class TaskListCommand implements Action {

    @Argument(index = 0, name = "app-id", description = "Only the tasks of this app", required = false)
    @Completion(AppIdCompleter.class)
    String appId;

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            List<MarathonTask> tasks = appId == null ? scheduler.tasks() : scheduler.tasks(Shell.appId(appId));
            if (tasks.isEmpty()) {
                System.out.println("No tasks.");
                return;
            }
            Map<String, Integer> checksPerApp = new HashMap<>();
            ShellTable table = new ShellTable();
            table.column("ID");
            table.column("APP");
            table.column("HOST");
            table.column("STATE");
            table.column("PORTS");
            table.column("HEALTH");
            table.column("STARTED");
            for (MarathonTask task : tasks) {
                int checks = checksPerApp.computeIfAbsent(task.appId(),
                        app -> scheduler.app(app).map(AppDefinition::healthChecks).map(List::size).orElse(0));
                table.addRow().addContent(
                        task.id(),
                        task.appId(),
                        task.host(),
                        task.state(),
                        task.ports().isEmpty() ? "-"
                                : task.ports().stream().map(String::valueOf).collect(Collectors.joining(",")),
                        health(task, checks),
                        task.startedAt() == null ? "-" : task.startedAt());
            }
            table.print(System.out);
        });
        return null;
    }

    private static String health(MarathonTask task, int checks) {
        if (checks == 0) {
            return "-";
        }
        if (task.healthCheckResults().isEmpty()) {
            return "unknown";
        }
        return task.healthy(checks) ? "healthy" : "unhealthy";
    }
}

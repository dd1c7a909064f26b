package io.plinth.marathon.shell;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.Marathon;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "deployment-list", description = "Lists the deployments in progress, oldest first")
@Service
public class DeploymentListCommand implements Action {

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            List<Deployment> deployments = scheduler.deployments();
            if (deployments.isEmpty()) {
                System.out.println("No deployments.");
                return;
            }
            ShellTable table = new ShellTable();
            table.column("ID");
            table.column("VERSION");
            table.column("AFFECTED APPS");
            table.column("STEP").alignRight();
            table.column("CURRENT ACTIONS");
            deployments.forEach(deployment -> table.addRow().addContent(
                    deployment.id(),
                    deployment.version(),
                    String.join(",", deployment.affectedApps()),
                    deployment.currentStep() + "/" + deployment.totalSteps(),
                    deployment.currentActions().isEmpty() ? "-" : deployment.currentActions().stream()
                            .map(action -> action.action() + " " + action.app())
                            .collect(Collectors.joining(", "))));
            table.print(System.out);
        });
        return null;
    }
}

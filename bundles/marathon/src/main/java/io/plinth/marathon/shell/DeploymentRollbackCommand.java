package io.plinth.marathon.shell;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.Marathon;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "plinth", name = "deployment-rollback",
        description = "Rolls a deployment's apps back to where they were, in a new deployment (DELETE /v2/deployments/{id})")
@Service
public class DeploymentRollbackCommand implements Action {

    @Argument(index = 0, name = "id", description = "The deployment's id", required = true)
    @Completion(DeploymentIdCompleter.class)
    String id;

    @Option(name = "--force", aliases = "-f", description = "Only stop the deployment where it is, without rolling back")
    boolean force;

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            if (force) {
                scheduler.cancel(id);
                System.out.println("Cancelled deployment " + id + " without rollback");
            } else {
                System.out.println("Rolling back deployment " + id + Shell.deployment(scheduler.rollback(id)));
            }
        });
        return null;
    }
}

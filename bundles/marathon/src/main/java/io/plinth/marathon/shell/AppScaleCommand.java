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

@Command(scope = "plinth", name = "app-scale", description = "Sets the number of instances of an app")
@Service
public class AppScaleCommand implements Action {

    @Argument(index = 0, name = "id", description = "The app's id", required = true)
    @Completion(AppIdCompleter.class)
    String id;

    @Argument(index = 1, name = "instances", description = "How many tasks the app should have", required = true)
    int instances;

    @Option(name = "--force", aliases = "-f", description = "Even while a deployment holds the app (that deployment is cancelled)")
    boolean force;

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            String appId = Shell.appId(id);
            System.out.println("Scaling app " + appId + " to " + instances + " instances"
                    + Shell.deployment(scheduler.scaleApp(appId, instances, force)));
        });
        return null;
    }
}

package io.plinth.marathon.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.Marathon.Created;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "plinth", name = "app-update", description = "Changes the given fields of an app, leaving the others (PATCH /v2/apps/{id})")
@Service
public class AppUpdateCommand implements Action {

    @Argument(index = 0, name = "id", description = "The app's id", required = true)
    @Completion(AppIdCompleter.class)
    String id;

    @Argument(index = 1, name = "json-or-file", description = "The fields to change: JSON, or the path of a JSON file", required = true)
    String changes;

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
            Created result = scheduler.putApp(appId, Shell.readJson(changes, new ObjectMapper()), true, force);
            System.out.println((result.created() ? "Created app " : "Updated app ") + result.app().id()
                    + Shell.deployment(result.deployment()));
        });
        return null;
    }
}

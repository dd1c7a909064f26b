package io.plinth.marathon.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.Marathon.Created;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "plinth", name = "app-add", description = "Creates an app from its Marathon JSON definition (POST /v2/apps)")
@Service
public class AppAddCommand implements Action {

    @Argument(index = 0, name = "file-or-json", description = "Path of a JSON file, or the JSON itself", required = true)
    String definition;

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            Created created = scheduler.createApp(Shell.readJson(definition, new ObjectMapper()), false);
            System.out.println("Created app " + created.app().id() + Shell.deployment(created.deployment()));
        });
        return null;
    }
}

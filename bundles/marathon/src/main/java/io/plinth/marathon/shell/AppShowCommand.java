package io.plinth.marathon.shell;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.TaskCounts;
import io.plinth.rest.api.ApiException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "plinth", name = "app-show", description = "Shows an app's definition with its task counts and deployments, as GET /v2/apps/{id} does")
@Service
public class AppShowCommand implements Action {

    @Argument(index = 0, name = "id", description = "The app's id", required = true)
    @Completion(AppIdCompleter.class)
    String id;

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            String appId = Shell.appId(id);
            AppDefinition app = scheduler.app(appId)
                    .orElseThrow(() -> ApiException.notFound("App '" + appId + "' does not exist"));
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode json = mapper.valueToTree(app);
            TaskCounts counts = scheduler.counts(appId);
            json.put("tasksStaged", counts.tasksStaged());
            json.put("tasksRunning", counts.tasksRunning());
            json.put("tasksHealthy", counts.tasksHealthy());
            json.put("tasksUnhealthy", counts.tasksUnhealthy());
            ArrayNode deployments = json.putArray("deployments");
            scheduler.deployments().stream()
                    .filter(deployment -> deployment.affectedApps().contains(appId))
                    .forEach(deployment -> deployments.addObject().put("id", deployment.id()));
            scheduler.lastTaskFailure(appId).ifPresent(failure -> json.set("lastTaskFailure", mapper.valueToTree(failure)));
            System.out.println(json.toPrettyString());
        });
        return null;
    }
}

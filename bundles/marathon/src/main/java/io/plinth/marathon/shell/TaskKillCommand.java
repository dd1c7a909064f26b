package io.plinth.marathon.shell;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.Marathon.Killed;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "plinth", name = "task-kill",
        description = "Kills tasks; the init scheduler replaces them unless --scale (POST /v2/tasks/delete)")
@Service
public class TaskKillCommand implements Action {

    @Argument(index = 0, name = "task-ids", description = "The tasks to kill", required = true, multiValued = true)
    @Completion(TaskIdCompleter.class)
    List<String> taskIds;

    @Option(name = "--scale", aliases = "-s", description = "Lower the apps' instances by the tasks killed instead of replacing them")
    boolean scale;

    @Option(name = "--wipe", aliases = "-w", description = "Forget the tasks at once, without waiting for their end")
    boolean wipe;

    @Option(name = "--force", aliases = "-f", description = "With --scale: even while a deployment holds an app")
    boolean force;

    @Reference(optional = true)
    Marathon marathon;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        Shell.run(marathon, detector, scheduler -> {
            // strict: a mistyped id is reported (404) instead of silently killing only the others
            Killed killed = scheduler.killTasks(taskIds, scale, wipe, force, true);
            if (killed.tasks().isEmpty()) {
                System.out.println("No tasks killed.");
            }
            killed.tasks().forEach(task -> System.out.println("Killed task " + task.id() + " of " + task.appId()));
            if (killed.deployment() != null) {
                System.out.println("Scaling down" + Shell.deployment(killed.deployment()));
            }
        });
        return null;
    }
}

package io.plinth.marathon.shell;

import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the init scheduler's tasks (none on a node where it does not run). */
@Service
public class TaskIdCompleter implements Completer {

    @Reference(optional = true)
    Marathon marathon;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = marathon == null ? List.of()
                : marathon.tasks().stream().map(MarathonTask::id).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}

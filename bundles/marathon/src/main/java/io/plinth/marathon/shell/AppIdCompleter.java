package io.plinth.marathon.shell;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Marathon;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the init scheduler's apps (none on a node where it does not run). */
@Service
public class AppIdCompleter implements Completer {

    @Reference(optional = true)
    Marathon marathon;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = marathon == null ? List.of()
                : Cells.apps(marathon.root()).stream().map(AppDefinition::id).toList();
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}

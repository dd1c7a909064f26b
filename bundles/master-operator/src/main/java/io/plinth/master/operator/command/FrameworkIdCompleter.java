package io.plinth.master.operator.command;

import io.plinth.master.operator.state.ClusterTables;
import io.plinth.master.operator.state.Json;
import io.plinth.mesos.api.ResourceManager;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the ids of the frameworks registered with the leading master (none on other masters). */
@Service
public class FrameworkIdCompleter implements Completer {

    @Reference(optional = true)
    ResourceManager manager;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = manager == null ? List.of() : new ClusterTables(new Json()).frameworkIds(manager.state());
        return new StringsCompleter(ids).complete(session, commandLine, candidates);
    }
}

package io.plinth.coordination.command;

import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.coordination.api.LeaderInfo;

@Command(scope = "plinth", name = "leaders", description = "Lists the leader of every election group")
@Service
public class LeadersCommand implements Action {

    @Reference
    LeaderDetector detector;

    @Override
    public Object execute() {
        Map<String, LeaderInfo> leaders = detector.leaders();
        if (leaders.isEmpty()) {
            System.out.println("No leaders.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Group");
        table.column("Leader");
        table.column("Hostname");
        table.column("Id");
        table.column("Version");
        leaders.forEach((group, leader) -> table.addRow()
                .addContent(group, leader.address(), leader.hostname(), leader.id(), leader.version()));
        table.print(System.out);
        return null;
    }
}

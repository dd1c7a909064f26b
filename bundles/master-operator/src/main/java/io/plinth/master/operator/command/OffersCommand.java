package io.plinth.master.operator.command;

import io.plinth.coordination.api.LeaderDetector;
import io.plinth.master.operator.state.ClusterTables;
import io.plinth.master.operator.state.ClusterTables.OfferRow;
import io.plinth.master.operator.state.Json;
import io.plinth.mesos.api.ResourceManager;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Command(scope = "plinth", name = "offers", description = "Lists the offers the leading master has outstanding")
@Service
public class OffersCommand implements Action {

    @Reference(optional = true)
    ResourceManager manager;

    @Reference(optional = true)
    LeaderDetector detector;

    @Override
    public Object execute() {
        if (manager == null) {
            System.out.println(Leadership.notLeading(detector));
            return null;
        }
        List<OfferRow> rows = new ClusterTables(new Json()).offers(manager.state(), manager.outstandingOffers());
        if (rows.isEmpty()) {
            System.out.println("No outstanding offers.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("ID");
        table.column("Framework");
        table.column("Agent");
        table.column("Resources");
        rows.forEach(row -> table.addRow().addContent(row.id(), row.framework(), row.agent(), row.resources()));
        table.print(System.out);
        return null;
    }
}

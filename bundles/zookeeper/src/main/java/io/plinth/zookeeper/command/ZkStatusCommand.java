package io.plinth.zookeeper.command;

import io.plinth.zookeeper.api.EnsembleStatus;
import io.plinth.zookeeper.api.MemberStatus;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code plinth:zk-status}: the ensemble status of {@code GET /exhibitor/v1/cluster/status}, as a table. */
@Command(scope = "plinth", name = "zk-status",
        description = "Shows each ZooKeeper ensemble member: code 3 serving, 2 not serving, 1 down, 0 latent.")
@Service
public class ZkStatusCommand implements Action {

    @Reference
    EnsembleStatus ensemble;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Hostname");
        table.column("Code");
        table.column("Description");
        table.column("Leader");
        for (MemberStatus member : ensemble.members()) {
            table.addRow().addContent(member.hostname(), member.code(), member.description(), member.isLeader());
        }
        table.print(System.out);
        return null;
    }
}

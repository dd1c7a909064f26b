package io.plinth.marathon.model;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.PortDefinition;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;

/**
 * Hands out service ports: every port definition that asks for one ({@code port: 0}) gets the lowest
 * port of the range that no app of the tree uses. Called by the leader before it stores a new root;
 * holds no state beyond the range, so it is safe from any thread.
 */
public final class ServicePorts {

    public static final int DEFAULT_FROM = 10000;
    public static final int DEFAULT_TO = 20000;

    private final int from;
    private final int to;

    /** Marathon's default range, 10000 to 20000. */
    public ServicePorts() {
        this(DEFAULT_FROM, DEFAULT_TO);
    }

    /**
     * @param from first port of the range
     * @param to   last port of the range (inclusive)
     */
    public ServicePorts(int from, int to) {
        if (from < 1 || to > 65535 || from > to) {
            throw new IllegalArgumentException("bad service port range " + from + ".." + to);
        }
        this.from = from;
        this.to = to;
    }

    /**
     * The tree with every {@code port: 0} replaced by a free service port, apps visited in id order.
     * Non-zero ports stay, also those outside the range. Returns {@code root} itself when nothing asks.
     *
     * @throws IllegalStateException if the range has no free port left
     */
    public Group assign(Group root) {
        BitSet used = new BitSet();
        List<AppDefinition> asking = new ArrayList<>();
        visit(root, used, asking);
        if (asking.isEmpty()) {
            return root;
        }
        asking.sort(Comparator.comparing(AppDefinition::id));
        List<AppDefinition> changed = new ArrayList<>();
        for (AppDefinition app : asking) {
            List<PortDefinition> assigned = new ArrayList<>();
            for (PortDefinition definition : app.portDefinitions()) {
                if (definition.port() != 0) {
                    assigned.add(definition);
                    continue;
                }
                int port = used.nextClearBit(from);
                if (port > to) {
                    throw new IllegalStateException("no free service port left in " + from + ".." + to + " for app "
                            + app.id() + "; widen the range or give ports explicitly");
                }
                used.set(port);
                assigned.add(definition.withPort(port));
            }
            changed.add(app.withPortDefinitions(assigned));
        }
        return Groups.putApps(root, changed);
    }

    /** One pass over the tree (it runs for every change): the ports in use, the apps asking for one. */
    private static void visit(Group group, BitSet used, List<AppDefinition> asking) {
        for (AppDefinition app : group.apps()) {
            boolean asks = false;
            for (PortDefinition definition : app.portDefinitions()) {
                if (definition.port() > 0) {
                    used.set(definition.port());
                } else if (definition.port() == 0) {
                    asks = true;
                }
            }
            if (asks) {
                asking.add(app);
            }
        }
        for (Group child : group.groups()) {
            visit(child, used, asking);
        }
    }
}

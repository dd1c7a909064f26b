package io.plinth.marathon.shell;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How values look in the commands' table cells. */
final class Cells {

    /** Longest command line shown in a table; {@code app-show} has the whole one. */
    static final int CMD_WIDTH = 40;

    private Cells() {
    }

    /** {@code 0.5}, {@code 128}: a resource amount without a needless fraction. */
    static String amount(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** The text cut to {@code width} characters, the cut marked with "..."; {@code -} for nothing. */
    static String abbreviate(String text, int width) {
        if (text == null || text.isBlank()) {
            return "-";
        }
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= width ? oneLine : oneLine.substring(0, width - 3) + "...";
    }

    /** What the app runs: its shell command, or else its arguments. */
    static String commandLine(AppDefinition app) {
        return app.cmd() != null || app.args() == null ? app.cmd() : String.join(" ", app.args());
    }

    /** Every app of the tree, sorted by id. */
    static List<AppDefinition> apps(Group root) {
        List<AppDefinition> apps = new ArrayList<>();
        collect(root, apps);
        apps.sort(Comparator.comparing(AppDefinition::id));
        return apps;
    }

    private static void collect(Group group, List<AppDefinition> into) {
        into.addAll(group.apps());
        group.groups().forEach(child -> collect(child, into));
    }
}

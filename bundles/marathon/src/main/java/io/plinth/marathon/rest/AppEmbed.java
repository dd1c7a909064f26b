package io.plinth.marathon.rest;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What {@code embed=apps.*} (or the legacy {@code app.*}, or inside groups {@code group.apps.*}) adds to
 * each app. Unknown values are ignored, as Marathon ignores them.
 */
public enum AppEmbed {
    TASKS, COUNTS, DEPLOYMENTS, LAST_TASK_FAILURE, TASK_STATS, READINESS;

    /** Marathon always embeds counts and deployments in {@code GET /v2/apps}. */
    static final Set<AppEmbed> LIST_DEFAULTS = EnumSet.of(COUNTS, DEPLOYMENTS);
    /** and these in {@code GET /v2/apps/{id}}. */
    static final Set<AppEmbed> SHOW_DEFAULTS = EnumSet.of(TASKS, COUNTS, DEPLOYMENTS, LAST_TASK_FAILURE);

    /** The embeds named with one of {@code prefixes} (e.g. {@code apps.}, {@code app.}). */
    static Set<AppEmbed> parse(List<String> embeds, List<String> prefixes) {
        Set<AppEmbed> found = EnumSet.noneOf(AppEmbed.class);
        for (String embed : embeds) {
            for (String prefix : prefixes) {
                if (embed.startsWith(prefix)) {
                    of(embed.substring(prefix.length())).ifPresent(found::add);
                }
            }
        }
        return found;
    }

    private static java.util.Optional<AppEmbed> of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tasks" -> java.util.Optional.of(TASKS);
            case "counts" -> java.util.Optional.of(COUNTS);
            case "deployments" -> java.util.Optional.of(DEPLOYMENTS);
            // apps.failures is Marathon's deprecated name of apps.lastTaskFailure
            case "lasttaskfailure", "failures" -> java.util.Optional.of(LAST_TASK_FAILURE);
            case "taskstats" -> java.util.Optional.of(TASK_STATS);
            case "readiness" -> java.util.Optional.of(READINESS);
            default -> java.util.Optional.empty();
        };
    }

    static Set<AppEmbed> union(Set<AppEmbed> a, Set<AppEmbed> b) {
        Set<AppEmbed> all = EnumSet.noneOf(AppEmbed.class);
        all.addAll(a);
        all.addAll(b);
        return all;
    }
}

package io.plinth.marathon.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Marathon's path ids ({@code /prod/web}) and the Mesos task ids and names derived from them. Pure
 * functions, callable from any thread.
 */
public final class PathIds {

    /** Marathon's rule for one segment of an id. */
    public static final Pattern SEGMENT =
            Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");

    private PathIds() {
    }

    /**
     * The absolute, normalised form of {@code id}: relative ids ({@code foo}, {@code ./foo},
     * {@code ../foo}, {@code foo/bar}) are taken relative to the group {@code base}; {@code .} and
     * {@code ..} are resolved ({@code ..} stops at the root), empty segments and a trailing slash dropped.
     */
    public static String canonical(String id, String base) {
        Deque<String> segments = new ArrayDeque<>();
        if (!id.startsWith("/")) {
            push(segments, base);
        }
        push(segments, id);
        return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
    }

    private static void push(Deque<String> segments, String path) {
        for (String segment : path.split("/")) {
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
    }

    /** Why {@code id} (taken relative to the root) is not a valid app or group id, or empty if it is. */
    public static Optional<String> problem(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("id must not be empty");
        }
        String canonical = canonical(id, "/");
        if (canonical.equals("/")) {
            return Optional.of("the root group / is not a valid app id");
        }
        for (String segment : canonical.substring(1).split("/")) {
            if (!SEGMENT.matcher(segment).matches()) {
                return Optional.of("'" + segment + "' in " + canonical + " must fully match the regular expression '"
                        + SEGMENT.pattern() + "' (lower-case letters, digits, '-' and '.')");
            }
        }
        return Optional.empty();
    }

    /** The group holding {@code id}: {@code /a/b} -> {@code /a}, {@code /a} -> {@code /}; the root's is the root. */
    public static String parent(String id) {
        String canonical = canonical(id, "/");
        int slash = canonical.lastIndexOf('/');
        return slash <= 0 ? "/" : canonical.substring(0, slash);
    }

    /** True when {@code id} lies strictly beneath {@code group} (a group is not its own ancestor). */
    public static boolean isAncestor(String group, String id) {
        String g = canonical(group, "/");
        String i = canonical(id, "/");
        if (g.equals(i)) {
            return false;
        }
        return g.equals("/") || i.startsWith(g + "/");
    }

    /** The part of a Mesos task id before the dot: {@code /prod/web} -> {@code prod_web}. */
    public static String taskIdPrefix(String appId) {
        return canonical(appId, "/").substring(1).replace('/', '_');
    }

    /**
     * The app of a task id {@code prod_web.<uuid>} -> {@code /prod/web}. Ids may hold dots, so the
     * task id is split at its last dot; ids never hold underscores, so these mark the slashes.
     *
     * @throws IllegalArgumentException if {@code taskId} holds no dot
     */
    public static String appIdOfTask(String taskId) {
        int dot = taskId.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("not a Marathon task id: " + taskId);
        }
        return "/" + taskId.substring(0, dot).replace('_', '/');
    }

    /** The Mesos task name Marathon gives an app's tasks: the segments reversed, {@code /prod/web} -> {@code web.prod}. */
    public static String taskName(String appId) {
        String[] segments = canonical(appId, "/").substring(1).split("/");
        StringBuilder name = new StringBuilder();
        for (int i = segments.length - 1; i >= 0; i--) {
            name.append(segments[i]);
            if (i > 0) {
                name.append('.');
            }
        }
        return name.toString();
    }
}

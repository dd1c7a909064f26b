package io.plinth.coordination.zk;

import java.util.regex.Pattern;

import org.apache.zookeeper.common.PathUtils;

/**
 * Where Plinth keeps its znodes. Everything lives below one base path, so that one ZooKeeper
 * ensemble can serve several Plinth clusters (or Plinth next to Mesos) without collisions:
 *
 * <pre>
 * &lt;base&gt;/leaders/&lt;group&gt;/json.info_0000000003   a participant in the election of a group
 * &lt;base&gt;/state/&lt;collection&gt;/&lt;id&gt;              one entity of the state store
 * </pre>
 *
 * Group, collection and id names are single path segments, checked here so that no caller can
 * reach outside its subtree.
 */
public final class ZnodeLayout {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]+");

    private final String basePath;

    /** {@code basePath} like {@code /plinth}; a missing leading or a trailing slash is tolerated, {@code /} means the root. */
    public ZnodeLayout(String basePath) {
        this.basePath = normalise(basePath);
    }

    /** The base path without a trailing slash; empty for the root. */
    public String basePath() {
        return basePath;
    }

    /** Parent of all election groups. */
    public String leaders() {
        return basePath + "/leaders";
    }

    /** Election znode of {@code group}, holding one child per participant. */
    public String group(String group) {
        return leaders() + "/" + checkName("group", group);
    }

    /** Parent of all state store collections. */
    public String state() {
        return basePath + "/state";
    }

    /** Znode of a state store collection, holding one child per entity. */
    public String collection(String collection) {
        return state() + "/" + checkName("collection", collection);
    }

    /** Znode of one entity. */
    public String entity(String collection, String id) {
        return collection(collection) + "/" + checkName("id", id);
    }

    /** True if {@code name} can be a group, collection or id. */
    public boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    /**
     * Returns {@code name} if it can be a single path segment.
     *
     * @throws IllegalArgumentException naming the bad value and what {@code kind} of name it was
     */
    public String checkName(String kind, String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("Invalid " + kind + " '" + name
                    + "': use letters, digits and . _ - : (but not . or .. alone)");
        }
        return name;
    }

    private String normalise(String configured) {
        String path = configured == null ? "" : configured.trim();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            path = "/" + path;
        }
        try {
            PathUtils.validatePath(path.isEmpty() ? "/" : path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid ZooKeeper base path '" + configured + "': " + e.getMessage(), e);
        }
        return path;
    }

    @Override
    public String toString() {
        return basePath.isEmpty() ? "/" : basePath;
    }
}

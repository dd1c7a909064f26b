package io.plinth.marathon.core;

import io.plinth.marathon.api.AppDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A {@link MarathonStore} in maps, faithful to the durable one: versions newest first, pruned beyond
 * {@code maxVersions}, app versions kept when the app is deleted. It can be told to refuse writes
 * (all of them, or all after the next {@code n}) to check that a failed write changed nothing.
 */
public final class InMemoryMarathonStore implements MarathonStore {

    private final int maxVersions;
    private final Map<String, TreeMap<String, AppDefinition>> appVersions = new HashMap<>();
    private final TreeMap<String, RootManifest> rootVersions = new TreeMap<>();
    private final Map<String, DeploymentRecord> deployments = new LinkedHashMap<>();
    private final Map<String, InstanceRecord> instances = new LinkedHashMap<>();
    private String frameworkId;
    private int writes;
    /** Writes still allowed before they fail; negative: no limit. */
    private int writesLeft = -1;

    public InMemoryMarathonStore() {
        this(50);
    }

    InMemoryMarathonStore(int maxVersions) {
        this.maxVersions = maxVersions;
    }

    /** Every later write throws, as a store that lost its quorum does. */
    public void failWrites() {
        writesLeft = 0;
    }

    /** The next {@code n} writes succeed, later ones throw. */
    void failWritesAfter(int n) {
        writesLeft = n;
    }

    void healWrites() {
        writesLeft = -1;
    }

    /** How many writes succeeded so far. */
    int writes() {
        return writes;
    }

    private void write() {
        if (writesLeft == 0) {
            throw new IllegalStateException("store unavailable");
        }
        if (writesLeft > 0) {
            writesLeft--;
        }
        writes++;
    }

    /** One write for the versions, one for the deployments, one for the root version: each may fail on its own. */
    @Override
    public void commit(Collection<AppDefinition> changed, Collection<DeploymentRecord> newDeployments, RootManifest root) {
        if (!changed.isEmpty()) {
            write();
            for (AppDefinition app : changed) {
                TreeMap<String, AppDefinition> versions = appVersions.computeIfAbsent(app.id(), id -> new TreeMap<>());
                versions.put(app.version(), app);
                while (versions.size() > maxVersions) {
                    versions.pollFirstEntry();
                }
            }
        }
        if (!newDeployments.isEmpty()) {
            write();
            newDeployments.forEach(d -> deployments.put(d.id(), d));
        }
        write();
        rootVersions.put(root.version(), root);
        while (rootVersions.size() > maxVersions) {
            rootVersions.pollFirstEntry();
        }
    }

    @Override
    public List<String> appVersions(String id) {
        return new ArrayList<>(appVersions.getOrDefault(id, new TreeMap<>()).descendingKeySet());
    }

    @Override
    public Optional<AppDefinition> appVersion(String id, String version) {
        return Optional.ofNullable(appVersions.getOrDefault(id, new TreeMap<>()).get(version));
    }

    @Override
    public Map<String, AppDefinition> appsAt(Map<String, String> versions) {
        Map<String, AppDefinition> found = new TreeMap<>();
        versions.forEach((id, version) -> appVersion(id, version).ifPresent(app -> found.put(id, app)));
        return found;
    }

    /** The apps of the newest root version: what a new leader would recover. */
    public Map<String, AppDefinition> currentApps() {
        return rootVersions.isEmpty() ? Map.of() : appsAt(rootVersions.lastEntry().getValue().apps());
    }

    /** The groups of the newest root version, by id. */
    Map<String, GroupRecord> currentGroups() {
        Map<String, GroupRecord> groups = new TreeMap<>();
        if (!rootVersions.isEmpty()) {
            rootVersions.lastEntry().getValue().groups().forEach(g -> groups.put(g.id(), g));
        }
        return groups;
    }

    @Override
    public List<String> rootVersions() {
        return new ArrayList<>(rootVersions.descendingKeySet());
    }

    @Override
    public Optional<RootManifest> rootVersion(String version) {
        return Optional.ofNullable(rootVersions.get(version));
    }

    @Override
    public List<DeploymentRecord> deployments() {
        return deployments.values().stream().sorted(Comparator.comparing(DeploymentRecord::version)).toList();
    }

    @Override
    public void putDeployments(Collection<DeploymentRecord> changed) {
        if (changed.isEmpty()) {
            return;
        }
        write();
        changed.forEach(d -> deployments.put(d.id(), d));
    }

    @Override
    public void deleteDeployment(String id) {
        write();
        deployments.remove(id);
    }

    @Override
    public void deleteDeployments(Collection<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        write();
        ids.forEach(deployments::remove);
    }

    @Override
    public List<InstanceRecord> instances() {
        return new ArrayList<>(instances.values());
    }

    @Override
    public void putInstances(Collection<InstanceRecord> changed) {
        if (changed.isEmpty()) {
            return;
        }
        write();
        changed.forEach(i -> instances.put(i.taskId(), i));
    }

    @Override
    public void deleteInstances(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return;
        }
        write();
        taskIds.forEach(instances::remove);
    }

    @Override
    public Optional<String> frameworkId() {
        return Optional.ofNullable(frameworkId);
    }

    @Override
    public void putFrameworkId(String id) {
        write();
        frameworkId = id;
    }
}

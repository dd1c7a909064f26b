package io.plinth.marathon.core;

import io.plinth.marathon.api.AppDefinition;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The scheduler's durable state: one entity per app version, root version (the tree: groups and the
 * version of each app, no definitions), deployment and instance — never one giant record: ZooKeeper
 * refuses nodes over 1 MB, which broke Marathon. Blocking; called on the core's thread. Bulk writes
 * and reads may run in parallel inside the store.
 */
public interface MarathonStore {

    /**
     * Makes a change durable: its new app versions and deployments, then the root version naming
     * them (the tree: its groups and the version of each app), which is the commit point of every
     * change. Versions are immutable; one written without the root version that names it is
     * harmless, and a new leader drops a deployment the newest root version does not hold. Each app's
     * versions beyond the store's limit, and root versions beyond it, are pruned behind the commit.
     */
    void commit(Collection<AppDefinition> appVersions, Collection<DeploymentRecord> deployments, RootManifest root);

    /** Versions of an app, newest first; they outlive the app, as in Marathon. */
    List<String> appVersions(String id);

    Optional<AppDefinition> appVersion(String id, String version);

    /** The apps at these versions (app id to version); versions no longer stored are left out. */
    Map<String, AppDefinition> appsAt(Map<String, String> versions);

    /** Root versions, newest first. */
    List<String> rootVersions();

    Optional<RootManifest> rootVersion(String version);

    List<DeploymentRecord> deployments();

    /** Overwrites these deployments' records (the step each is at). */
    void putDeployments(Collection<DeploymentRecord> deployments);

    void deleteDeployment(String id);

    void deleteDeployments(Collection<String> ids);

    List<InstanceRecord> instances();

    void putInstances(Collection<InstanceRecord> instances);

    void deleteInstances(Collection<String> taskIds);

    Optional<String> frameworkId();

    void putFrameworkId(String id);

    /** A group's own data: its dependencies and version (its members are found by id prefix). */
    record GroupRecord(String id, List<String> dependencies, String version) {
        public GroupRecord {
            dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
        }
    }

    /** The tree at one version: its groups and the version of each app. */
    record RootManifest(String version, List<GroupRecord> groups, Map<String, String> apps) {
        public RootManifest {
            groups = groups == null ? List.of() : List.copyOf(groups);
            apps = apps == null ? Map.of() : Map.copyOf(apps);
        }
    }

    /**
     * A running deployment: its steps as (action, app, app version, scaleTo), the step it is at, and
     * the version each affected app had before (null: the app did not exist), for rollbacks.
     */
    record DeploymentRecord(String id, String version, int currentStep, List<List<ActionRecord>> steps,
                            Map<String, String> originalVersions) {
        public DeploymentRecord {
            steps = steps == null ? List.of() : steps.stream().map(List::copyOf).toList();
            originalVersions = originalVersions == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.HashMap<>(originalVersions));
        }
    }

    record ActionRecord(String action, String appId, String appVersion, int scaleTo) {
    }

    /** What survives a failover of an instance: where it runs; its state comes from reconciliation. */
    record InstanceRecord(String taskId, String appId, String version, String configVersion, String agentId,
                          String host, List<Integer> hostPorts, List<Integer> servicePorts, String stagedAt) {
        public InstanceRecord {
            hostPorts = hostPorts == null ? List.of() : List.copyOf(hostPorts);
            servicePorts = servicePorts == null ? List.of() : List.copyOf(servicePorts);
        }
    }
}

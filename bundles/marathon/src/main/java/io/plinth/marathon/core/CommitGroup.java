package io.plinth.marathon.core;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.MarathonEvent;
import io.plinth.marathon.core.MarathonStore.DeploymentRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * API changes applied in memory one after the other and made durable together (group commit): the
 * app versions and deployments they wrote, the one root version behind them, the events they made
 * (told only once the group is durable) and superseded deployments to delete afterwards. Changes of
 * one group share one version, so each change's answer names a root version that is stored; an app
 * changes at most once per group (so a deployment is never superseded in its own group).
 */
final class CommitGroup {

    private String version;
    private final Map<String, AppDefinition> appVersions = new LinkedHashMap<>();
    private final Map<String, DeploymentRecord> deployments = new LinkedHashMap<>();
    private final List<String> deleteAfterCommit = new ArrayList<>();
    private final Set<String> touched = new HashSet<>();
    private final List<MarathonEvent> events = new ArrayList<>();
    private boolean changed;

    /** The group's version, taken from {@code versions} at its first change. */
    String version(Versions versions) {
        if (version == null) {
            version = versions.next();
        }
        return version;
    }

    boolean hasVersion(String candidate) {
        return candidate.equals(version);
    }

    /** Whether an earlier change of this group changed one of these apps. */
    boolean touches(Collection<String> appIds) {
        return appIds.stream().anyMatch(touched::contains);
    }

    /** Adds one change: its new app versions and its deployment (null: it has no steps). */
    void add(Collection<AppDefinition> apps, Collection<String> appIds, DeploymentRecord deployment) {
        apps.forEach(a -> appVersions.put(a.id(), a));
        touched.addAll(appIds);
        if (deployment != null) {
            deployments.put(deployment.id(), deployment);
        }
        changed = true;
    }

    /** A deployment superseded by a change of this group: its record is deleted once the group is durable. */
    void supersede(String deploymentId) {
        deleteAfterCommit.add(deploymentId);
    }

    void event(MarathonEvent event) {
        events.add(event);
    }

    boolean changed() {
        return changed;
    }

    /** The apps the group's changes changed or affect. */
    Set<String> touched() {
        return touched;
    }

    Collection<AppDefinition> appVersions() {
        return appVersions.values();
    }

    Collection<DeploymentRecord> deployments() {
        return deployments.values();
    }

    List<String> deleteAfterCommit() {
        return deleteAfterCommit;
    }

    List<MarathonEvent> events() {
        return events;
    }
}

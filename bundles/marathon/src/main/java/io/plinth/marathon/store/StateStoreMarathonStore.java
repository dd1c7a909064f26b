package io.plinth.marathon.store;

import io.plinth.coordination.api.EntityExistsException;
import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.EntityTooLargeException;
import io.plinth.coordination.api.StateStore;
import io.plinth.coordination.api.Transaction;
import io.plinth.coordination.api.Versioned;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.core.MarathonStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MarathonStore} on the cluster's {@link StateStore}: collections
 * {@code marathon-versions-<app>} (one entity per version), {@code marathon-root-versions},
 * {@code marathon-deployments}, {@code marathon-instances}, {@code marathon-framework}. App ids are
 * stored with {@code /} as {@code _} (Marathon ids never hold {@code _}).
 *
 * <p>Bulk writes run on {@code writers} in parallel: ZooKeeper pipelines concurrent requests, so a
 * thousand creates cost a few round trips' worth of time instead of a thousand.
 */
public final class StateStoreMarathonStore implements MarathonStore {

    private static final Logger LOG = LoggerFactory.getLogger(StateStoreMarathonStore.class);

    private static final String ROOT_VERSIONS = "marathon-root-versions";
    private static final String DEPLOYMENTS = "marathon-deployments";

    private final StateStore store;
    private final EntityStore<RootManifest> rootVersions;
    private final EntityStore<DeploymentRecord> deployments;
    private final EntityStore<InstanceRecord> instances;
    private final EntityStore<FrameworkIdRecord> framework;
    private final ExecutorService writers;
    private final int maxVersions;

    public StateStoreMarathonStore(StateStore store, ExecutorService writers, int maxVersions) {
        this.store = store;
        this.rootVersions = store.collection(ROOT_VERSIONS, RootManifest.class);
        this.deployments = store.collection(DEPLOYMENTS, DeploymentRecord.class);
        this.instances = store.collection("marathon-instances", InstanceRecord.class);
        this.framework = store.collection("marathon-framework", FrameworkIdRecord.class);
        this.writers = writers;
        this.maxVersions = maxVersions;
    }

    static String key(String id) {
        return id.equals("/") ? "_" : id.substring(1).replace('/', '_');
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction (all or nothing, one round trip) when the change fits in one request; a
     * larger one (a thousand apps at once) writes the versions and deployments in parallel first and
     * the root version last. Versions are put, not created: one stored by a change that never
     * committed may be overwritten by a new leader's change of the same version.
     */
    @Override
    public void commit(Collection<AppDefinition> appVersions, Collection<DeploymentRecord> newDeployments,
                       RootManifest root) {
        Transaction transaction = store.transaction();
        try {
            appVersions.forEach(app -> transaction.put(versionsCollection(app.id()), app.version(), app));
            newDeployments.forEach(d -> transaction.put(DEPLOYMENTS, d.id(), d));
            transaction.put(ROOT_VERSIONS, root.version(), root);
        } catch (EntityTooLargeException tooLarge) {
            commitInParts(appVersions, newDeployments, root);
            pruneBehind(appVersions);
            return;
        }
        transaction.commit();
        pruneBehind(appVersions);
    }

    private void commitInParts(Collection<AppDefinition> appVersions, Collection<DeploymentRecord> newDeployments,
                               RootManifest root) {
        // new keys, created in parallel: ZooKeeper pipelines them, so a thousand cost a few round trips
        List<Runnable> writes = new ArrayList<>();
        for (AppDefinition app : appVersions) {
            writes.add(() -> createOrPut(versions(app.id()), app.version(), app));
        }
        for (DeploymentRecord deployment : newDeployments) {
            writes.add(() -> createOrPut(deployments, deployment.id(), deployment));
        }
        parallel(writes, Runnable::run);
        createOrPut(rootVersions, root.version(), root);
    }

    /** A new key is created in one round trip (with its collection, if new); put would try to overwrite first. */
    private static <T> void createOrPut(EntityStore<T> collection, String id, T value) {
        try {
            collection.create(id, value);
        } catch (EntityExistsException again) {
            collection.put(id, value);
        }
    }

    /** Pruning is not part of a change: behind it, not awaited (a failed prune is redone next time). */
    private void pruneBehind(Collection<AppDefinition> appVersions) {
        try {
            for (AppDefinition app : appVersions) {
                writers.execute(() -> prune(app.id()));
            }
            writers.execute(this::pruneRootVersions);
        } catch (RejectedExecutionException closed) {
            // the term is over; the next leader prunes
        }
    }

    private void pruneRootVersions() {
        try {
            rootVersions().stream().skip(maxVersions).forEach(rootVersions::delete);
        } catch (RuntimeException e) {
            LOG.debug("Pruning root versions failed", e);
        }
    }

    private void prune(String appId) {
        try {
            EntityStore<AppDefinition> versions = versions(appId);
            List<String> ids = versions.ids();
            if (ids.size() > maxVersions) {
                ids.stream().sorted(Comparator.reverseOrder()).skip(maxVersions).forEach(versions::delete);
            }
        } catch (RuntimeException e) {
            LOG.debug("Pruning the versions of {} failed", appId, e);
        }
    }

    @Override
    public List<String> appVersions(String id) {
        return versions(id).ids().stream().sorted(Comparator.reverseOrder()).toList();
    }

    @Override
    public Optional<AppDefinition> appVersion(String id, String version) {
        return versions(id).get(version).map(Versioned::value);
    }

    @Override
    public Map<String, AppDefinition> appsAt(Map<String, String> wanted) {
        Map<String, AppDefinition> found = new ConcurrentHashMap<>();
        parallel(wanted.entrySet(), e -> appVersion(e.getKey(), e.getValue()).ifPresent(app -> found.put(e.getKey(), app)));
        return new TreeMap<>(found);
    }

    private EntityStore<AppDefinition> versions(String id) {
        return store.collection(versionsCollection(id), AppDefinition.class);
    }

    private static String versionsCollection(String appId) {
        return "marathon-versions-" + key(appId);
    }

    @Override
    public List<String> rootVersions() {
        return rootVersions.ids().stream().sorted(Comparator.reverseOrder()).toList();
    }

    @Override
    public Optional<RootManifest> rootVersion(String version) {
        return rootVersions.get(version).map(Versioned::value);
    }

    @Override
    public List<DeploymentRecord> deployments() {
        return deployments.list().stream().map(Versioned::value).toList();
    }

    @Override
    public void putDeployments(Collection<DeploymentRecord> changed) {
        // one put each, in parallel: an existing record is overwritten in one round trip, a new one in two
        parallel(changed, d -> deployments.put(d.id(), d));
    }

    @Override
    public void deleteDeployment(String id) {
        deployments.delete(id);
    }

    @Override
    public void deleteDeployments(Collection<String> ids) {
        deployments.deleteAll(ids);
    }

    @Override
    public List<InstanceRecord> instances() {
        return instances.list().stream().map(Versioned::value).toList();
    }

    @Override
    public void putInstances(Collection<InstanceRecord> changed) {
        Map<String, InstanceRecord> byTask = new LinkedHashMap<>();
        changed.forEach(i -> byTask.put(i.taskId(), i));
        instances.putAll(byTask);
    }

    @Override
    public void deleteInstances(Collection<String> taskIds) {
        instances.deleteAll(taskIds);
    }

    @Override
    public Optional<String> frameworkId() {
        return framework.get("id").map(v -> v.value().id());
    }

    @Override
    public void putFrameworkId(String id) {
        framework.put("id", new FrameworkIdRecord(id));
    }

    private <T> void parallel(Collection<T> items, Consumer<T> write) {
        if (items.size() <= 1) {
            items.forEach(write);
            return;
        }
        List<CompletableFuture<Void>> futures = new ArrayList<>(items.size());
        for (T item : items) {
            futures.add(CompletableFuture.runAsync(() -> write.accept(item), writers));
        }
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** The framework id the resource manager gave the scheduler. */
    public record FrameworkIdRecord(String id) {
    }
}

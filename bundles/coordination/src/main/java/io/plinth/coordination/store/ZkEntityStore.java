package io.plinth.coordination.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.plinth.coordination.api.EntityExistsException;
import io.plinth.coordination.api.EntityStore;
import io.plinth.coordination.api.NoSuchEntityException;
import io.plinth.coordination.api.Registration;
import io.plinth.coordination.api.StateStoreException;
import io.plinth.coordination.api.VersionConflictException;
import io.plinth.coordination.api.Versioned;

/** One collection of {@link ZkStateStore}. Every ZooKeeper call is tried once; see {@code ZooKeeperHandle}. */
final class ZkEntityStore<T> implements EntityStore<T> {

    private static final Logger LOG = LoggerFactory.getLogger(ZkEntityStore.class);

    /** Read-modify-write rounds before {@link #compute} gives up; each lost round means another writer won. */
    private static final int MAX_COMPUTE_ATTEMPTS = 100;
    /** Rounds of {@link #put} racing against concurrent creates and deletes. */
    private static final int MAX_PUT_ATTEMPTS = 10;
    /**
     * Bulk writes go as one {@code multi} per chunk. A multi is one request, and ZooKeeper refuses
     * requests over {@code jute.maxbuffer} (1 MiB by default): half of that leaves room for framing and
     * for servers configured tighter. An entity larger than this goes in a chunk of its own.
     */
    static final int MAX_CHUNK_BYTES = 512 * 1024;
    static final int MAX_CHUNK_OPS = 1_000;
    /** Generous estimate of one op's framing in a multi (headers, ACL), counted on top of path and data. */
    static final int OP_FRAMING_BYTES = 64;
    /**
     * Multis tried per chunk; each failed one has changed nothing, and the next is built from a fresh
     * listing. Only writers racing on the same ids make more than two fail; then the chunk goes one
     * entity at a time.
     */
    private static final int MAX_MULTI_ROUNDS = 3;

    private final ZkStateStore store;
    private final String collection;
    private final Class<T> type;
    private final String collectionPath;

    ZkEntityStore(ZkStateStore store, String collection, Class<T> type) {
        this.store = store;
        this.collection = collection;
        this.type = type;
        this.collectionPath = store.layout.collection(collection);
    }

    @Override
    public Optional<Versioned<T>> get(String id) {
        String path = store.layout.entity(collection, id);
        return call("read", id, false, zk -> read(zk, id, path));
    }

    @Override
    public List<String> ids() {
        return call("list", null, false, this::readIds);
    }

    @Override
    public List<Versioned<T>> list() {
        return call("list", null, false, zk -> {
            List<Versioned<T>> entities = new ArrayList<>();
            for (String id : readIds(zk)) {
                read(zk, id, ZKPaths.makePath(collectionPath, id)).ifPresent(entities::add);
            }
            return entities;
        });
    }

    @Override
    public Versioned<T> create(String id, T value) {
        String path = store.layout.entity(collection, id);
        byte[] bytes = encode(id, value);
        return call("create", id, true, zk -> {
            if (!store.knownCollections.contains(collection) && createWithCollection(zk, path, bytes)) {
                return new Versioned<>(id, value, 0);
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    Stat stat = new Stat();
                    zk.create(path, bytes, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
                    store.knownCollections.add(collection);
                    return new Versioned<>(id, value, stat.getVersion());
                } catch (KeeperException.NodeExistsException e) {
                    throw new EntityExistsException("Entity '" + id + "' already exists in collection '" + collection + "'", e);
                } catch (KeeperException.NoNodeException noCollection) {
                    if (attempt == 3) {
                        throw noCollection;
                    }
                    ensureCollection(zk);
                }
            }
        });
    }

    @Override
    public Versioned<T> update(String id, T value, int expectedVersion) {
        String path = store.layout.entity(collection, id);
        checkVersion(expectedVersion);
        byte[] bytes = encode(id, value);
        return call("update", id, true, zk -> {
            try {
                return new Versioned<>(id, value, zk.setData(path, bytes, expectedVersion).getVersion());
            } catch (KeeperException.BadVersionException e) {
                throw conflict(id, expectedVersion, e);
            } catch (KeeperException.NoNodeException e) {
                throw noSuchEntity(id, e);
            }
        });
    }

    @Override
    public Versioned<T> compute(String id, UnaryOperator<T> change) {
        store.layout.entity(collection, id);
        Objects.requireNonNull(change, "change");
        for (int attempt = 1; ; attempt++) {
            Optional<Versioned<T>> current = get(id);
            T next = change.apply(current.map(Versioned::value).orElse(null));
            if (next == null) {
                throw new NullPointerException("compute of entity '" + id + "' of collection '" + collection
                        + "' returned null; use delete to remove an entity");
            }
            try {
                return current.isPresent() ? update(id, next, current.get().version()) : create(id, next);
            } catch (VersionConflictException | NoSuchEntityException | EntityExistsException lostRace) {
                if (attempt >= MAX_COMPUTE_ATTEMPTS) {
                    throw new VersionConflictException("Gave up updating entity '" + id + "' of collection '" + collection
                            + "' after " + attempt + " attempts: other writers kept changing it", lostRace);
                }
                pauseAfterConflict(attempt);
            }
        }
    }

    @Override
    public Versioned<T> put(String id, T value) {
        String path = store.layout.entity(collection, id);
        byte[] bytes = encode(id, value);
        return call("put", id, true, zk -> new Versioned<>(id, value, putOne(zk, new Znode(id, path, bytes))));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code multi} per chunk of entities (see {@link #MAX_CHUNK_BYTES}), creating them all:
     * launching tasks writes new entities. If some exist already, or the collection does not, that
     * multi changes nothing and the chunk is retried from a listing of the collection: overwriting
     * those that exist, creating the others.
     */
    @Override
    public void putAll(Map<String, T> entities) {
        Objects.requireNonNull(entities, "entities");
        List<Znode> writes = new ArrayList<>(entities.size());
        entities.forEach((id, value) -> writes.add(new Znode(id, store.layout.entity(collection, id), encode(id, value))));
        if (writes.isEmpty()) {
            return;
        }
        call("put", null, true, zk -> {
            // What the last listing found, carried over to the next chunks: creates until proven otherwise.
            Set<String> existing = Set.of();
            for (List<Znode> chunk : chunks(writes)) {
                existing = putChunk(zk, chunk, existing);
            }
            return null;
        });
    }

    @Override
    public void delete(String id, int expectedVersion) {
        String path = store.layout.entity(collection, id);
        checkVersion(expectedVersion);
        call("delete", id, true, zk -> {
            try {
                zk.delete(path, expectedVersion);
                return null;
            } catch (KeeperException.BadVersionException e) {
                throw conflict(id, expectedVersion, e);
            } catch (KeeperException.NoNodeException e) {
                throw noSuchEntity(id, e);
            }
        });
    }

    @Override
    public boolean delete(String id) {
        String path = store.layout.entity(collection, id);
        return call("delete", id, true, zk -> {
            try {
                zk.delete(path, -1);
                return true;
            } catch (KeeperException.NoNodeException e) {
                return false;
            }
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>One {@code multi} per chunk of ids, deleting them all. If some are gone, that multi changes
     * nothing and the chunk is retried with only the ids a listing of the collection still shows.
     */
    @Override
    public void deleteAll(Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        Map<String, Znode> deletes = new LinkedHashMap<>();
        for (String id : ids) {
            deletes.putIfAbsent(id, new Znode(id, store.layout.entity(collection, id), null));
        }
        if (deletes.isEmpty()) {
            return;
        }
        call("delete", null, true, zk -> {
            // null until a listing is needed: all ids are deleted as if they existed until then.
            Set<String> existing = null;
            for (List<Znode> chunk : chunks(List.copyOf(deletes.values()))) {
                existing = deleteChunk(zk, chunk, existing);
            }
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>Waits (up to the store's connection wait) until the current state is loaded, so that every
     * change after this returns is reported; {@link StateStoreException} if ZooKeeper does not answer by
     * then. ZooKeeper's events carry no data: the state reported is read after the event, so changes
     * in quick succession may be reported as one, with the latest state. Versions of one entity only
     * ever increase from one report to the next.
     */
    @Override
    public Registration watch(Consumer<Change<T>> listener) {
        Objects.requireNonNull(listener, "listener");
        CollectionWatch watch = new CollectionWatch(listener);
        store.track(watch);
        watch.start();
        return watch;
    }

    /** Creates or overwrites one entity; returns its new version. */
    private int putOne(ZooKeeper zk, Znode write) throws KeeperException, InterruptedException {
        for (int attempt = 1; attempt <= MAX_PUT_ATTEMPTS; attempt++) {
            try {
                return zk.setData(write.path(), write.data(), -1).getVersion();
            } catch (KeeperException.NoNodeException absent) {
                try {
                    Stat stat = new Stat();
                    zk.create(write.path(), write.data(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT, stat);
                    return stat.getVersion();
                } catch (KeeperException.NodeExistsException createdMeanwhile) {
                    // overwrite it in the next round
                } catch (KeeperException.NoNodeException noCollection) {
                    ensureCollection(zk);
                }
            }
        }
        throw new StateStoreException("Gave up putting entity '" + write.id() + "' of collection '" + collection
                + "' after " + MAX_PUT_ATTEMPTS + " attempts: it kept being created and deleted meanwhile");
    }

    /**
     * Writes one chunk, creating the entities not in {@code existing} and overwriting the others;
     * returns what is known afterwards of which entities exist.
     */
    private Set<String> putChunk(ZooKeeper zk, List<Znode> chunk, Set<String> existing)
            throws KeeperException, InterruptedException {
        for (int round = 1; round <= MAX_MULTI_ROUNDS; round++) {
            List<Op> ops = new ArrayList<>(chunk.size());
            for (Znode write : chunk) {
                ops.add(existing.contains(write.id())
                        ? Op.setData(write.path(), write.data(), -1)
                        : Op.create(write.path(), write.data(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
            }
            try {
                zk.multi(ops);
                return existing;
            } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException guessedWrong) {
                // A failed multi has changed nothing. NoNode: the collection is missing (create) or an
                // entity was deleted meanwhile (setData); either way a listing tells which op each needs.
                existing = existingIds(zk, true);
            }
        }
        for (Znode write : chunk) {
            putOne(zk, write);
        }
        return existing;
    }

    /** Deletes the entities of one chunk that {@code existing} holds, or all if null; see {@link #putChunk}. */
    private Set<String> deleteChunk(ZooKeeper zk, List<Znode> chunk, Set<String> existing)
            throws KeeperException, InterruptedException {
        for (int round = 1; round <= MAX_MULTI_ROUNDS; round++) {
            List<Op> ops = new ArrayList<>(chunk.size());
            for (Znode delete : chunk) {
                if (existing == null || existing.contains(delete.id())) {
                    ops.add(Op.delete(delete.path(), -1));
                }
            }
            if (ops.isEmpty()) {
                return existing;
            }
            try {
                zk.multi(ops);
                return existing;
            } catch (KeeperException.NoNodeException someGone) {
                existing = existingIds(zk, false);
            }
        }
        for (Znode delete : chunk) {
            try {
                zk.delete(delete.path(), -1);
            } catch (KeeperException.NoNodeException e) {
                // gone already: that is what was asked
            }
        }
        return existing;
    }

    /** The names of the collection's znodes, creating the collection if it is missing and {@code ensure}. */
    private Set<String> existingIds(ZooKeeper zk, boolean ensure) throws KeeperException, InterruptedException {
        try {
            return new HashSet<>(zk.getChildren(collectionPath, false));
        } catch (KeeperException.NoNodeException e) {
            if (ensure) {
                ensureCollection(zk);
            }
            return Set.of();
        }
    }

    /** Consecutive runs of {@code znodes} that each fit in one multi: see {@link #MAX_CHUNK_BYTES}. */
    private static List<List<Znode>> chunks(List<Znode> znodes) {
        List<List<Znode>> chunks = new ArrayList<>();
        List<Znode> chunk = new ArrayList<>();
        int chunkBytes = 0;
        for (Znode znode : znodes) {
            // paths are ASCII: ZnodeLayout admits no other names
            int bytes = OP_FRAMING_BYTES + znode.path().length()
                    + (znode.data() == null ? 0 : znode.data().length);
            if (!chunk.isEmpty() && (chunk.size() == MAX_CHUNK_OPS || chunkBytes + bytes > MAX_CHUNK_BYTES)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(znode);
            chunkBytes += bytes;
        }
        chunks.add(chunk);
        return chunks;
    }

    /** One entity's znode in a bulk write; {@code data} is null for a delete. */
    private record Znode(String id, String path, byte[] data) {
    }

    private Optional<Versioned<T>> read(ZooKeeper zk, String id, String path) throws KeeperException, InterruptedException {
        Stat stat = new Stat();
        byte[] bytes;
        try {
            bytes = zk.getData(path, false, stat);
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
        return Optional.of(new Versioned<>(id, decode(id, bytes), stat.getVersion()));
    }

    private List<String> readIds(ZooKeeper zk) throws KeeperException, InterruptedException {
        List<String> children;
        try {
            children = zk.getChildren(collectionPath, false);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
        return children.stream().filter(store.layout::isValidName).sorted().toList();
    }

    /**
     * Creates the collection and the entity in one multi (one round trip instead of three when the
     * collection is new, as an app's first version is); false when the collection exists after all
     * or its parents do not, and nothing was written.
     */
    private boolean createWithCollection(ZooKeeper zk, String path, byte[] bytes) throws KeeperException, InterruptedException {
        try {
            zk.multi(List.of(Op.create(collectionPath, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER),
                    Op.create(path, bytes, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT)));
            store.knownCollections.add(collection);
            return true;
        } catch (KeeperException.NodeExistsException collectionExists) {
            store.knownCollections.add(collection);
            return false;
        } catch (KeeperException.NoNodeException noParent) {
            return false;
        }
    }

    /**
     * Collection and parents are containers: ZooKeeper removes them once they are empty. The parents
     * nearly always exist, so the collection is created directly (one round trip) and the whole path
     * only when that fails (one or two round trips per level).
     */
    private void ensureCollection(ZooKeeper zk) throws KeeperException, InterruptedException {
        try {
            zk.create(collectionPath, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER);
        } catch (KeeperException.NodeExistsException created) {
            // another writer made it first
        } catch (KeeperException.NoNodeException noParent) {
            ZKPaths.mkdirs(zk, collectionPath, true, null, true);
        }
    }

    private byte[] encode(String id, T value) {
        return store.encode(collection, id, value);
    }

    private T decode(String id, byte[] bytes) {
        try {
            return store.codec.decode(bytes, type);
        } catch (IllegalArgumentException e) {
            throw new StateStoreException("Entity '" + id + "' of collection '" + collection + "' cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private void checkVersion(int expectedVersion) {
        // ZooKeeper reads -1 as "any version": that would quietly turn a compare-and-set into a blind write.
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("Invalid expected version " + expectedVersion + " for collection '"
                    + collection + "': versions start at 0");
        }
    }

    private VersionConflictException conflict(String id, int expectedVersion, Exception cause) {
        return new VersionConflictException("Entity '" + id + "' of collection '" + collection
                + "' is no longer at version " + expectedVersion + ": re-read it and retry", cause);
    }

    private NoSuchEntityException noSuchEntity(String id, Exception cause) {
        return new NoSuchEntityException("No entity '" + id + "' in collection '" + collection + "'", cause);
    }

    private void pauseAfterConflict(int attempt) {
        // A short random pause keeps two writers from colliding in lockstep round after round.
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(2L * Math.min(attempt, 10) + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("Interrupted while updating collection '" + collection + "'", e);
        }
    }

    /** Runs {@code call} once on a connected handle, turning ZooKeeper's failures into the API's. */
    private <R> R call(String action, String id, boolean write, ZkCall<R> call) {
        String what = id == null ? "collection '" + collection + "'" : "entity '" + id + "' of collection '" + collection + "'";
        return store.call(action, what, write, call);
    }

    /** Reports changes from a Curator cache of the collection, on a thread of its own. */
    private final class CollectionWatch implements Registration, CuratorCacheListener {

        private final Consumer<Change<T>> listener;
        private final ExecutorService thread;
        private final CuratorCache cache;
        private final CountDownLatch loaded = new CountDownLatch(1);
        private volatile boolean closed;
        /** Watch thread only: false while the cache reports the state it found, which is not a change. */
        private boolean initialized;

        CollectionWatch(Consumer<Change<T>> listener) {
            this.listener = listener;
            this.thread = Executors.newSingleThreadExecutor(runnable -> {
                Thread t = new Thread(runnable, "plinth-store-watch-" + collection);
                t.setDaemon(true);
                return t;
            });
            this.cache = CuratorCache.build(store.client, collectionPath);
            cache.listenable().addListener(this, task -> {
                try {
                    thread.execute(task);
                } catch (RejectedExecutionException closedMeanwhile) {
                    // an event racing close(): nobody listens any more
                }
            });
        }

        void start() {
            cache.start();
            boolean ready;
            try {
                ready = loaded.await(store.connectWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ready = false;
            }
            if (!ready) {
                close();
                throw new StateStoreException("Cannot watch collection '" + collection + "': ZooKeeper at "
                        + store.handle.connectString() + " did not answer within " + store.connectWait.toMillis() + " ms");
            }
        }

        @Override
        public void initialized() {
            initialized = true;
            loaded.countDown();
        }

        @Override
        public void event(Type eventType, ChildData oldData, ChildData data) {
            if (!initialized || closed) {
                return;
            }
            ZKPaths.PathAndNode node = ZKPaths.getPathAndNode((data != null ? data : oldData).getPath());
            if (!node.getPath().equals(collectionPath)) {
                return; // the collection's own znode
            }
            String id = node.getNode();
            Change<T> change;
            if (eventType == Type.NODE_DELETED) {
                change = new Change<>(id, Optional.empty());
            } else {
                try {
                    change = new Change<>(id, Optional.of(
                            new Versioned<>(id, store.codec.decode(data.getData(), type), data.getStat().getVersion())));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Ignoring a change of entity '{}' of collection '{}' that cannot be read: {}", id, collection, e.getMessage());
                    return;
                }
            }
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.error("Watcher of collection '{}' failed on entity '{}'", collection, id, e);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            cache.close();
            thread.shutdown();
            store.untrack(this);
        }
    }
}

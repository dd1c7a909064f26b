package io.plinth.coordination.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Op;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

import io.plinth.coordination.api.EntityExistsException;
import io.plinth.coordination.api.EntityTooLargeException;
import io.plinth.coordination.api.StateStoreException;
import io.plinth.coordination.api.Transaction;

/**
 * A {@link Transaction} as one ZooKeeper {@code multi}: atomic, one round trip. Entities are created
 * until proven to exist, collections the store has not seen are created in the same multi. A multi
 * that fails changes nothing, and ZooKeeper says which op failed: an entity to overwrite that exists,
 * a collection that exists, a missing parent are learnt and the multi is sent again, so a retry
 * costs a round trip per surprise; an entity to create that exists ends the commit.
 */
final class ZkTransaction implements Transaction {

    private final ZkStateStore store;
    private final List<Write> writes = new ArrayList<>();
    private int bytes;
    private boolean committed;

    private record Write(String collection, String id, String path, byte[] data, boolean mustCreate) {
    }

    ZkTransaction(ZkStateStore store) {
        this.store = store;
    }

    @Override
    public <T> Transaction create(String collection, String id, T value) {
        return add(collection, id, value, true);
    }

    @Override
    public <T> Transaction put(String collection, String id, T value) {
        return add(collection, id, value, false);
    }

    private Transaction add(String collection, String id, Object value, boolean mustCreate) {
        if (committed) {
            throw new IllegalStateException("this transaction was committed already");
        }
        String path = store.layout.entity(collection, id);
        byte[] data = store.encode(collection, id, value);
        int size = path.length() + data.length + ZkEntityStore.OP_FRAMING_BYTES;
        if (bytes + size > ZkEntityStore.MAX_CHUNK_BYTES || writes.size() == ZkEntityStore.MAX_CHUNK_OPS) {
            throw new EntityTooLargeException("A transaction carries at most " + ZkEntityStore.MAX_CHUNK_BYTES
                    + " bytes and " + ZkEntityStore.MAX_CHUNK_OPS + " writes: entity '" + id + "' of collection '"
                    + collection + "' does not fit; nothing was written");
        }
        bytes += size;
        writes.add(new Write(collection, id, path, data, mustCreate));
        return this;
    }

    @Override
    public void commit() {
        if (committed) {
            throw new IllegalStateException("this transaction was committed already");
        }
        committed = true;
        if (writes.isEmpty()) {
            return;
        }
        store.call("commit", "a transaction of " + writes.size() + " writes", true, this::commit);
    }

    private Void commit(ZooKeeper zk) throws KeeperException, InterruptedException {
        Map<String, String> collections = new LinkedHashMap<>();
        writes.forEach(w -> collections.put(w.collection(), store.layout.collection(w.collection())));
        Set<String> existing = new HashSet<>();
        int rounds = writes.size() + 2 * collections.size() + 3;
        for (int round = 1; round <= rounds; round++) {
            List<Op> ops = new ArrayList<>();
            List<Object> meaning = new ArrayList<>(); // per op: the collection name (String) or its Write
            collections.forEach((name, path) -> {
                if (!store.knownCollections.contains(name)) {
                    ops.add(Op.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.CONTAINER));
                    meaning.add(name);
                }
            });
            for (Write w : writes) {
                ops.add(existing.contains(w.path()) ? Op.setData(w.path(), w.data(), -1)
                        : Op.create(w.path(), w.data(), ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT));
                meaning.add(w);
            }
            try {
                zk.multi(ops);
                store.knownCollections.addAll(collections.keySet());
                return null;
            } catch (KeeperException e) {
                int failed = failedOp(e);
                if (failed < 0) {
                    throw e;
                }
                learn(zk, e.code(), meaning.get(failed), collections, existing, e);
            }
        }
        throw new StateStoreException("Gave up committing a transaction of " + writes.size() + " writes after " + rounds
                + " attempts: its entities kept being created and deleted meanwhile");
    }

    /** What a failed multi teaches: the next multi is built from it. */
    private void learn(ZooKeeper zk, KeeperException.Code code, Object failed, Map<String, String> collections,
                       Set<String> existing, KeeperException e) throws KeeperException, InterruptedException {
        if (failed instanceof String collection) {
            if (code == KeeperException.Code.NODEEXISTS) {
                store.knownCollections.add(collection);
            } else if (code == KeeperException.Code.NONODE) {
                ZKPaths.mkdirs(zk, ZKPaths.getPathAndNode(collections.get(collection)).getPath(), true, null, true);
            } else {
                throw e;
            }
            return;
        }
        Write w = (Write) failed;
        boolean created = !existing.contains(w.path());
        if (created && code == KeeperException.Code.NODEEXISTS) {
            if (w.mustCreate()) {
                throw new EntityExistsException("Entity '" + w.id() + "' already exists in collection '"
                        + w.collection() + "'; nothing of the transaction was written", e);
            }
            existing.add(w.path());
        } else if (created && code == KeeperException.Code.NONODE) {
            store.knownCollections.remove(w.collection()); // emptied and removed since: create it again
        } else if (!created && code == KeeperException.Code.NONODE) {
            existing.remove(w.path()); // deleted meanwhile: create it
        } else {
            throw e;
        }
    }

    /** The op that made the multi fail: ZooKeeper marks the ops before it OK, those after it as not run. */
    private static int failedOp(KeeperException e) {
        List<OpResult> results = e.getResults();
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult error
                    && error.getErr() != KeeperException.Code.OK.intValue()
                    && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return i;
            }
        }
        return -1;
    }
}

package io.plinth.coordination.api;

/**
 * Durable cluster state in ZooKeeper. Each entity is one znode holding its JSON (Jackson) form under
 * {@code <base path>/state/<collection>/<id>}: never one giant node, because ZooKeeper refuses nodes
 * over about 1 MB.
 */
public interface StateStore {

    /**
     * The entities of one collection, serialised with Jackson as {@code type}. Collection names and
     * ids are single path segments: letters, digits and {@code . _ - :}, not {@code .} or {@code ..}.
     */
    <T> EntityStore<T> collection(String name, Class<T> type);

    /** A new transaction: writes to entities of any collections, committed all or none. */
    Transaction transaction();
}

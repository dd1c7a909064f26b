package io.plinth.coordination.api;

/**
 * Writes to entities of several collections made as one: all of them or none, in one round trip.
 * Add writes with {@link #create} and {@link #put}, then {@link #commit}. Names, ids, values and
 * sizes are checked as each write is added. Not thread-safe; commit once.
 */
public interface Transaction {

    /** Creates the entity; the commit fails with {@link EntityExistsException}, writing nothing, if the id is taken. */
    <T> Transaction create(String collection, String id, T value);

    /** Creates or overwrites the entity, whatever its version. */
    <T> Transaction put(String collection, String id, T value);

    /**
     * Writes everything or nothing; missing collections are created with it. {@link EntityTooLargeException}
     * (nothing written) when the writes together exceed what one request may carry (half a MiB);
     * {@link StateStoreException} when ZooKeeper cannot be reached or refuses them (after a lost
     * connection they may or may not have been applied, all or none). Watchers are told of each
     * entity's change. An empty transaction writes nothing.
     */
    void commit();
}

package io.plinth.coordination.api;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * One collection of typed entities. Every write is a compare-and-set on the znode version, so two
 * writers never silently overwrite each other. All methods block on ZooKeeper and throw
 * {@link StateStoreException} (or a subclass) when it cannot be reached or refuses the write; a write
 * that throws has changed nothing, except for the bulk {@link #putAll} and {@link #deleteAll}, which
 * may have written part of their input.
 */
public interface EntityStore<T> {

    /** The entity with this id, or empty. */
    Optional<Versioned<T>> get(String id);

    /** The ids of all entities, sorted. */
    List<String> ids();

    /** All entities, sorted by id. */
    List<Versioned<T>> list();

    /** Creates the entity; {@link EntityExistsException} if the id is taken. */
    Versioned<T> create(String id, T value);

    /**
     * Replaces the entity if its version is still {@code expectedVersion};
     * {@link VersionConflictException} if it changed meanwhile, {@link NoSuchEntityException} if it is gone.
     */
    Versioned<T> update(String id, T value, int expectedVersion);

    /**
     * Read-modify-write with retries on conflicts: {@code change} gets the current value (null if
     * absent) and returns the new one. Returns the stored result.
     */
    Versioned<T> compute(String id, UnaryOperator<T> change);

    /** Creates or overwrites the entity, whatever its version. */
    Versioned<T> put(String id, T value);

    /**
     * Creates or overwrites each entity, whatever its version: {@link #put} for many, in a few round
     * trips instead of one or two per entity.
     *
     * <p>Every id and value is checked before anything is written: if one is invalid
     * ({@link IllegalArgumentException}) or too large ({@link EntityTooLargeException}), none is written.
     * The writes themselves are <em>not</em> atomic: a {@link StateStoreException} part-way may leave
     * some entities written and others not, and callers must not rely on any grouping of them. Repeat
     * the call (it is idempotent) or re-read to find out.
     * Watchers are told of each entity's change as if it had been put on its own. An empty map writes
     * nothing and does not contact ZooKeeper.
     */
    void putAll(Map<String, T> entities);

    /** Deletes the entity if its version is still {@code expectedVersion}; see {@link #update}. */
    void delete(String id, int expectedVersion);

    /** Deletes the entity whatever its version; false if there was none. */
    boolean delete(String id);

    /**
     * Deletes each entity whatever its version: {@link #delete(String)} for many, in a few round trips.
     * Ids without an entity are skipped, as are repeated ids; watchers are told of each deletion.
     *
     * <p>Every id is checked ({@link IllegalArgumentException}) before anything is deleted. The deletes
     * are not atomic: a {@link StateStoreException} part-way may leave some entities deleted and others
     * not, and callers must not rely on any grouping of them. Repeat the call or re-read to find out.
     * An empty collection deletes nothing and does not contact ZooKeeper.
     */
    void deleteAll(Collection<String> ids);

    /**
     * Follows changes of this collection, made by any node. The listener gets each changed entity's
     * id and its new state (empty when deleted), from one thread, in order, starting after the
     * registration; read {@link #list()} first for the initial state.
     */
    Registration watch(Consumer<Change<T>> listener);

    /** A change of one entity; {@code value} is empty when it was deleted. */
    record Change<T>(String id, Optional<Versioned<T>> value) {
    }
}

package io.plinth.coordination.api;

/**
 * An entity with the version of the znode that holds it, for compare-and-set updates.
 *
 * @param id      the entity's id within its collection
 * @param value   the entity
 * @param version ZooKeeper's data version: 0 after create, +1 per write
 */
public record Versioned<T>(String id, T value, int version) {
}

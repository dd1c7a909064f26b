package io.plinth.mesos.api.resources;

/**
 * How a resource's amount is expressed, as Mesos' {@code Value.Type} minus {@code TEXT} (text
 * values exist only for attributes).
 */
public enum ResourceType {
    /** A quantity: {@code cpus:2.5}, {@code mem:1024}. */
    SCALAR,
    /** Inclusive integer ranges: {@code ports:[31000-32000,33000-33010]}. */
    RANGES,
    /** Distinct names: {@code zones:{a,b}}. */
    SET
}

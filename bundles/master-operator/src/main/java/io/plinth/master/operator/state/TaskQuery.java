package io.plinth.master.operator.state;

import java.util.Objects;
import java.util.Optional;

/**
 * The query of {@code /master/tasks}: a page ({@code limit}, {@code offset}) of the tasks ordered by
 * the time of their first status, optionally only those of one framework or with one id.
 */
public record TaskQuery(int limit, int offset, Order order, Optional<String> frameworkId, Optional<String> taskId) {

    /** Mesos' default page size. */
    public static final int DEFAULT_LIMIT = 100;

    /** Order of the first status' timestamp; Mesos' default is descending (newest first). */
    public enum Order { ASC, DES }

    public TaskQuery {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative");
        }
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(frameworkId, "frameworkId");
        Objects.requireNonNull(taskId, "taskId");
    }

    /** The first page, newest first, all tasks. */
    public static TaskQuery defaults() {
        return new TaskQuery(DEFAULT_LIMIT, 0, Order.DES, Optional.empty(), Optional.empty());
    }

    /**
     * The query from the request's parameters, any of which may be absent ({@code null}).
     *
     * @throws IllegalArgumentException naming the parameter when one is not valid
     */
    public static TaskQuery parse(String limit, String offset, String order, String frameworkId, String taskId) {
        return new TaskQuery(
                count("limit", limit, DEFAULT_LIMIT),
                count("offset", offset, 0),
                order(order),
                nonEmpty(frameworkId),
                nonEmpty(taskId));
    }

    private static int count(String name, String value, int absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException("Query parameter '" + name + "' must be a non-negative integer, not '"
                + value + "'");
    }

    private static Order order(String value) {
        if (value == null || value.isEmpty() || value.equals("des")) {
            return Order.DES;
        }
        if (value.equals("asc")) {
            return Order.ASC;
        }
        throw new IllegalArgumentException("Query parameter 'order' must be 'asc' or 'des', not '" + value + "'");
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}

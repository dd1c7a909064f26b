package io.plinth.marathon.api;

/** {@code tasksStaged}, {@code tasksRunning}, {@code tasksHealthy}, {@code tasksUnhealthy} of an app. */
public record TaskCounts(int tasksStaged, int tasksRunning, int tasksHealthy, int tasksUnhealthy) {
}

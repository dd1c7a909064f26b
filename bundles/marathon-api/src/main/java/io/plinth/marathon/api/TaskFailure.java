package io.plinth.marathon.api;

/** The last failed task of an app, as {@code embed=apps.lastTaskFailure} shows it. */
public record TaskFailure(String appId, String host, String message, String state, String taskId, String timestamp,
                          String version, String slaveId) {
}

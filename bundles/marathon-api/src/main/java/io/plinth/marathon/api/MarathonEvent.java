package io.plinth.marathon.api;

/**
 * One event of {@code /v2/events}.
 *
 * @param eventType Marathon's name, e.g. {@code status_update_event}
 * @param json      the whole event as JSON, including {@code eventType} and {@code timestamp}
 */
public record MarathonEvent(String eventType, String json) {
}

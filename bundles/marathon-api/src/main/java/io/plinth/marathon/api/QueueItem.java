package io.plinth.marathon.api;

/**
 * An app with instances waiting for offers, as {@code GET /v2/queue} shows it.
 *
 * @param count how many instances wait to be launched
 * @param since when the oldest of them started waiting (ISO-8601)
 */
public record QueueItem(AppDefinition app, int count, Delay delay, String since) {

    /** The launch backoff: seconds until the next launch is allowed, and whether that time has come. */
    public record Delay(long timeLeftSeconds, boolean overdue) {
    }
}

package io.plinth.marathon.match;

import io.plinth.marathon.api.AppDefinition;
import java.util.Objects;

/**
 * Instances of an app's current definition waiting for offers (one launch-queue entry).
 *
 * @param app   the definition new tasks are launched from
 * @param count how many tasks are still wanted; 0 or less asks for none
 */
public record PendingLaunch(AppDefinition app, int count) {

    public PendingLaunch {
        Objects.requireNonNull(app, "app");
    }
}

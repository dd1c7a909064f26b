package io.plinth.marathon.plan;

import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import java.util.List;

/** Small builders for apps and groups with Marathon defaults. */
final class Fixtures {

    private Fixtures() {
    }

    static AppDefinition app(String id, String cmd, int instances, String... dependencies) {
        return new AppDefinition(id, cmd, null, null, null, instances, AppDefinition.DEFAULT_CPUS,
                AppDefinition.DEFAULT_MEM, 0, 0, null, null, null, false, null, List.of(dependencies), null,
                AppDefinition.DEFAULT_BACKOFF_SECONDS, AppDefinition.DEFAULT_BACKOFF_FACTOR,
                AppDefinition.DEFAULT_MAX_LAUNCH_DELAY_SECONDS, null, null, null, null, null,
                "2024-01-01T00:00:00.000Z", new AppDefinition.VersionInfo("2024-01-01T00:00:00.000Z",
                "2024-01-01T00:00:00.000Z"));
    }

    static AppDefinition app(String id) {
        return app(id, "sleep 1000", 1);
    }

    static Group root(List<AppDefinition> apps, List<Group> groups) {
        return new Group(Group.ROOT, apps, groups, List.of(), "2024-01-01T00:00:00.000Z");
    }

    static Group root(AppDefinition... apps) {
        return root(List.of(apps), List.of());
    }

    static Group group(String id, List<AppDefinition> apps, List<Group> groups, String... dependencies) {
        return new Group(id, apps, groups, List.of(dependencies), "2024-01-01T00:00:00.000Z");
    }
}

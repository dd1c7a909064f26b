package io.plinth.marathon.plan;

import io.plinth.marathon.api.AppDefinition;
import java.util.Objects;

/**
 * One thing a deployment step does to one app. Values produced by {@link DeploymentPlanner}; the
 * deployment executor switches over the four kinds. {@link #name()} is Marathon's action name as
 * {@code GET /v2/deployments} shows it.
 */
public sealed interface DeploymentAction {

    /** The app at its target definition (the definition before the deployment for {@link StopApplication}). */
    AppDefinition app();

    default String appId() {
        return app().id();
    }

    String name();

    /**
     * A new app appears with no tasks yet; a later {@link ScaleApplication} in dependency order gives
     * it its instances, so that dependents only get tasks once their dependencies have theirs.
     */
    record StartApplication(AppDefinition app) implements DeploymentAction {
        public StartApplication {
            Objects.requireNonNull(app, "app");
        }

        @Override
        public String name() {
            return "StartApplication";
        }
    }

    /** Bring the app, already at its target definition, to {@code scaleTo} tasks. */
    record ScaleApplication(AppDefinition app, int scaleTo) implements DeploymentAction {
        public ScaleApplication {
            Objects.requireNonNull(app, "app");
            if (scaleTo < 0) {
                throw new IllegalArgumentException("scaleTo must be >= 0: " + scaleTo);
            }
        }

        @Override
        public String name() {
            return "ScaleApplication";
        }
    }

    /**
     * Replace all tasks of the app by tasks of the new definition, rolling as its
     * {@code upgradeStrategy} allows (see {@link RollingRestart}).
     */
    record RestartApplication(AppDefinition app) implements DeploymentAction {
        public RestartApplication {
            Objects.requireNonNull(app, "app");
        }

        @Override
        public String name() {
            return "RestartApplication";
        }
    }

    /** Kill all tasks of the app and remove it. */
    record StopApplication(AppDefinition app) implements DeploymentAction {
        public StopApplication {
            Objects.requireNonNull(app, "app");
        }

        @Override
        public String name() {
            return "StopApplication";
        }
    }
}

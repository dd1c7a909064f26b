package io.plinth.marathon.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * The init scheduler of the master that leads group {@value #GROUP}. Registered as an OSGi service
 * only there, and withdrawn when leadership ends; other masters forward requests to the leader.
 *
 * <p>Reads return immutable snapshots and never block on the scheduler. Writes take the request's
 * JSON as the REST API received it, run on the scheduler's thread, and either apply completely or
 * throw {@code io.plinth.rest.api.ApiException} having changed nothing: 404 (unknown app, group,
 * task or deployment), 409 (a running deployment holds an affected app and {@code force} is false;
 * the message names the deployments), 422 (invalid definition; one detail per bad field, paths as
 * Marathon shows them, e.g. {@code /cpus} or {@code /apps(1)/id}). Every write that changes apps
 * starts a deployment and answers its id and the new version.
 */
public interface Marathon {

    /** Election group of the init scheduler. */
    String GROUP = "marathon";

    // ---- reads

    /** The whole tree of groups and apps. */
    Group root();

    Optional<AppDefinition> app(String id);

    /** The group with this absolute id ({@code /} for the root), with its apps and subgroups. */
    Optional<Group> group(String id);

    /** Stored versions of an app, newest first; empty if the app never existed. */
    List<String> appVersions(String id);

    Optional<AppDefinition> appVersion(String id, String version);

    /** Stored versions of a group, newest first. */
    List<String> groupVersions(String id);

    Optional<Group> groupVersion(String id, String version);

    /** Every known task, of all apps, sorted by app then task id. */
    List<MarathonTask> tasks();

    List<MarathonTask> tasks(String appId);

    TaskCounts counts(String appId);

    Optional<TaskFailure> lastTaskFailure(String appId);

    /** Deployments not yet finished, oldest first. */
    List<Deployment> deployments();

    /** Apps with instances waiting for offers. */
    List<QueueItem> queue();

    /** The framework id the resource manager gave this scheduler, or empty before the first subscription. */
    Optional<String> frameworkId();

    // ---- writes

    /** {@code POST /v2/apps}: creates an app (409 if the id exists). */
    Created createApp(JsonNode app, boolean force);

    /**
     * {@code PUT /v2/apps/{id}} ({@code partial}: {@code PATCH} or {@code partialUpdate=true}: the body's
     * fields replace only those fields). Creates the app if it does not exist.
     */
    Created putApp(String id, JsonNode app, boolean partial, boolean force);

    /** {@code PUT|PATCH /v2/apps}: several apps in one deployment. */
    DeploymentResult putApps(JsonNode apps, boolean partial, boolean force);

    DeploymentResult deleteApp(String id, boolean force);

    DeploymentResult restartApp(String id, boolean force);

    /** Sets the app's instances (the shell's scale). */
    DeploymentResult scaleApp(String id, int instances, boolean force);

    /**
     * Kills tasks. With {@code scale}, the apps' instances shrink by the number killed (a deployment);
     * otherwise the tasks are replaced as if they had failed. {@code wipe} forgets them at once.
     * Unknown task ids are 404 when {@code strict}, else skipped.
     */
    Killed killTasks(List<String> taskIds, boolean scale, boolean wipe, boolean force, boolean strict);

    /** {@code POST /v2/groups[/{id}]} (create: 409 if it exists) and {@code PUT} (create or update). */
    DeploymentResult putGroup(String id, JsonNode group, boolean create, boolean force);

    DeploymentResult deleteGroup(String id, boolean force);

    /** {@code DELETE /v2/deployments/{id}}: rolls the deployment's apps back (a new deployment). */
    DeploymentResult rollback(String deploymentId);

    /** {@code DELETE /v2/deployments/{id}?force=true}: stops the deployment where it is. */
    void cancel(String deploymentId);

    /** {@code DELETE /v2/queue/{app}/delay}: the app's launch backoff starts over at zero. */
    void resetDelay(String appId);

    /** Leader-only: gives up leadership ({@code DELETE /v2/leader}); another master takes over. */
    void abdicate();

    /** A write that may have created its subject. */
    record Created(AppDefinition app, DeploymentResult deployment, boolean created) {
    }

    /** Tasks killed, and the deployment that scaled their apps down ({@code null} without {@code scale}). */
    record Killed(List<MarathonTask> tasks, DeploymentResult deployment) {
    }
}

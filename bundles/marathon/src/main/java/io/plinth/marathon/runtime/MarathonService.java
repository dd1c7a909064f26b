package io.plinth.marathon.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.api.QueueItem;
import io.plinth.marathon.api.TaskCounts;
import io.plinth.marathon.api.TaskFailure;
import io.plinth.marathon.model.Groups;
import io.plinth.marathon.model.PathIds;
import java.util.List;
import java.util.Optional;

/** The {@link Marathon} service of the leading master: every call runs on the scheduler's thread. */
final class MarathonService implements Marathon {

    private final SchedulerThread scheduler;
    private final Runnable abdicate;

    MarathonService(SchedulerThread scheduler, Runnable abdicate) {
        this.scheduler = scheduler;
        this.abdicate = abdicate;
    }

    @Override
    public Group root() {
        return scheduler.call(c -> c.root());
    }

    @Override
    public Optional<AppDefinition> app(String id) {
        return Groups.app(root(), PathIds.canonical(id, Group.ROOT));
    }

    @Override
    public Optional<Group> group(String id) {
        return Groups.find(root(), PathIds.canonical(id, Group.ROOT));
    }

    @Override
    public List<String> appVersions(String id) {
        return scheduler.call(c -> c.appVersions(id));
    }

    @Override
    public Optional<AppDefinition> appVersion(String id, String version) {
        return scheduler.call(c -> c.appVersion(id, version));
    }

    @Override
    public List<String> groupVersions(String id) {
        return scheduler.call(c -> c.groupVersions(id));
    }

    @Override
    public Optional<Group> groupVersion(String id, String version) {
        return scheduler.call(c -> c.groupVersion(id, version));
    }

    @Override
    public List<MarathonTask> tasks() {
        return scheduler.call(c -> c.tasks());
    }

    @Override
    public List<MarathonTask> tasks(String appId) {
        return scheduler.call(c -> c.tasks(appId));
    }

    @Override
    public TaskCounts counts(String appId) {
        return scheduler.call(c -> c.counts(appId));
    }

    @Override
    public Optional<TaskFailure> lastTaskFailure(String appId) {
        return scheduler.call(c -> c.lastTaskFailure(appId));
    }

    @Override
    public List<Deployment> deployments() {
        return scheduler.call(c -> c.deployments());
    }

    @Override
    public List<QueueItem> queue() {
        return scheduler.call(c -> c.queue());
    }

    @Override
    public Optional<String> frameworkId() {
        return scheduler.call(c -> c.frameworkId());
    }

    @Override
    public Created createApp(JsonNode app, boolean force) {
        return scheduler.change(c -> c.createApp(app, force));
    }

    @Override
    public Created putApp(String id, JsonNode app, boolean partial, boolean force) {
        return scheduler.change(c -> c.putApp(id, app, partial, force));
    }

    @Override
    public DeploymentResult putApps(JsonNode apps, boolean partial, boolean force) {
        return scheduler.change(c -> c.putApps(apps, partial, force));
    }

    @Override
    public DeploymentResult deleteApp(String id, boolean force) {
        return scheduler.change(c -> c.deleteApp(id, force));
    }

    @Override
    public DeploymentResult restartApp(String id, boolean force) {
        return scheduler.change(c -> c.restartApp(id, force));
    }

    @Override
    public DeploymentResult scaleApp(String id, int instances, boolean force) {
        return scheduler.change(c -> c.scaleApp(id, instances, force));
    }

    @Override
    public Killed killTasks(List<String> taskIds, boolean scale, boolean wipe, boolean force, boolean strict) {
        return scheduler.call(c -> c.killTasks(taskIds, scale, wipe, force, strict));
    }

    @Override
    public DeploymentResult putGroup(String id, JsonNode group, boolean create, boolean force) {
        return scheduler.change(c -> c.putGroup(id, group, create, force));
    }

    @Override
    public DeploymentResult deleteGroup(String id, boolean force) {
        return scheduler.change(c -> c.deleteGroup(id, force));
    }

    @Override
    public DeploymentResult rollback(String deploymentId) {
        return scheduler.call(c -> c.rollback(deploymentId));
    }

    @Override
    public void cancel(String deploymentId) {
        scheduler.call(c -> {
            c.cancel(deploymentId);
            return null;
        });
    }

    @Override
    public void resetDelay(String appId) {
        scheduler.call(c -> {
            c.resetDelay(appId);
            return null;
        });
    }

    @Override
    public void abdicate() {
        abdicate.run();
    }
}

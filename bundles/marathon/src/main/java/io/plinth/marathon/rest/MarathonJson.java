package io.plinth.marathon.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Deployment;
import io.plinth.marathon.api.DeploymentResult;
import io.plinth.marathon.api.Group;
import io.plinth.marathon.api.Marathon;
import io.plinth.marathon.api.MarathonTask;
import io.plinth.marathon.api.TaskCounts;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Every JSON document of the v2 API, in Marathon's shapes: the one place that knows them. The API
 * values are written by Jackson as they are; this adds what Marathon adds around them (runtime
 * fields of apps, the wrappers {@code {"apps": ..}}, {@code {"tasks": ..}}). Stateless apart from its
 * mapper: safe from any thread.
 */
public final class MarathonJson {

    /** The header every answer of a change carries. */
    public static final String DEPLOYMENT_HEADER = "Marathon-Deployment-Id";

    private final ObjectMapper mapper = new ObjectMapper();
    private final TaskStatistics taskStatistics = new TaskStatistics(mapper);
    private final Clock clock;

    public MarathonJson() {
        this(Clock.systemUTC());
    }

    /** @param clock the time task life times are counted to */
    public MarathonJson(Clock clock) {
        this.clock = clock;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    public ObjectNode message(String message) {
        return mapper.createObjectNode().put("message", message);
    }

    /** {@code {"deploymentId": .., "version": ..}}. */
    public ObjectNode deployment(DeploymentResult result) {
        return mapper.createObjectNode().put("deploymentId", result.deploymentId()).put("version", result.version());
    }

    public ObjectNode task(MarathonTask task) {
        return mapper.valueToTree(task);
    }

    public ObjectNode tasks(Collection<MarathonTask> tasks) {
        ObjectNode node = mapper.createObjectNode();
        ArrayNode array = node.putArray("tasks");
        tasks.forEach(task -> array.add(task(task)));
        return node;
    }

    /**
     * An app as {@code /v2/apps} shows it: its definition plus what {@code embeds} ask for.
     *
     * @param deployments the running deployments, read once per request
     */
    public ObjectNode app(AppDefinition app, Set<AppEmbed> embeds, Marathon marathon, List<Deployment> deployments) {
        ObjectNode node = mapper.valueToTree(app);
        if (embeds.contains(AppEmbed.COUNTS)) {
            TaskCounts counts = marathon.counts(app.id());
            node.put("tasksStaged", counts.tasksStaged())
                    .put("tasksRunning", counts.tasksRunning())
                    .put("tasksHealthy", counts.tasksHealthy())
                    .put("tasksUnhealthy", counts.tasksUnhealthy());
        }
        if (embeds.contains(AppEmbed.DEPLOYMENTS)) {
            ArrayNode ids = node.putArray("deployments");
            deployments.stream().filter(deployment -> deployment.affectedApps().contains(app.id()))
                    .forEach(deployment -> ids.addObject().put("id", deployment.id()));
        }
        if (embeds.contains(AppEmbed.READINESS)) {
            node.putArray("readinessCheckResults");
        }
        List<MarathonTask> tasks = embeds.contains(AppEmbed.TASKS) || embeds.contains(AppEmbed.TASK_STATS)
                ? marathon.tasks(app.id()) : List.of();
        if (embeds.contains(AppEmbed.TASKS)) {
            ArrayNode array = node.putArray("tasks");
            tasks.forEach(task -> array.add(task(task)));
        }
        if (embeds.contains(AppEmbed.LAST_TASK_FAILURE)) {
            marathon.lastTaskFailure(app.id()).ifPresent(failure -> node.set("lastTaskFailure", tree(failure)));
        }
        if (embeds.contains(AppEmbed.TASK_STATS)) {
            node.set("taskStats", taskStatistics.of(app, tasks, clock.instant()));
        }
        return node;
    }

    /** The answer to creating an app: the app with no tasks yet and the deployment that starts it. */
    public ObjectNode createdApp(AppDefinition app, DeploymentResult deployment) {
        ObjectNode node = mapper.valueToTree(app);
        node.put("tasksStaged", 0).put("tasksRunning", 0).put("tasksHealthy", 0).put("tasksUnhealthy", 0);
        node.putArray("deployments").addObject().put("id", deployment.deploymentId());
        node.putArray("tasks");
        return node;
    }

    /**
     * A group with its subgroups ({@code groups}) and apps ({@code apps}) when asked for, recursively;
     * keys not asked for are left out, as Marathon does.
     */
    public ObjectNode group(Group group, GroupEmbed embed, Marathon marathon, List<Deployment> deployments) {
        ObjectNode node = mapper.createObjectNode().put("id", group.id());
        if (embed.apps()) {
            ArrayNode apps = node.putArray("apps");
            group.apps().forEach(app -> apps.add(app(app, embed.appEmbeds(), marathon, deployments)));
        }
        if (embed.groups()) {
            ArrayNode groups = node.putArray("groups");
            group.groups().forEach(child -> groups.add(group(child, embed, marathon, deployments)));
        }
        node.putArray("pods");
        node.set("dependencies", tree(group.dependencies()));
        node.put("version", group.version());
        return node;
    }

    /**
     * Marathon's {@code text/plain} task list, for scripts and old load balancers. One line per app and
     * service port: {@code app_id<TAB>servicePort<TAB>host:hostPort<TAB>...}; an app without ports gets
     * one line {@code app_id<TAB> <TAB>host<TAB>...}. The id is written without its leading slash, with
     * {@code _} for {@code /}. Only running tasks are listed, their addresses sorted.
     */
    public static String tasksText(List<AppDefinition> apps, Function<String, List<MarathonTask>> tasksOfApp) {
        StringBuilder text = new StringBuilder();
        for (AppDefinition app : apps) {
            String cleanId = safePath(app.id());
            List<MarathonTask> running = tasksOfApp.apply(app.id()).stream()
                    .filter(task -> "TASK_RUNNING".equals(task.state())).toList();
            List<Integer> servicePorts = app.ports();
            if (servicePorts.isEmpty()) {
                text.append(cleanId).append("\t \t");
                running.stream().map(MarathonTask::host).sorted().forEach(host -> text.append(host).append('\t'));
                text.append('\n');
                continue;
            }
            for (int i = 0; i < servicePorts.size(); i++) {
                int index = i;
                text.append(cleanId).append('\t').append(servicePorts.get(i)).append('\t');
                running.stream()
                        .map(task -> task.host() + ":" + (index < task.ports().size() ? task.ports().get(index) : 0))
                        .sorted().forEach(address -> text.append(address).append('\t'));
                text.append('\n');
            }
        }
        return text.toString();
    }

    static String safePath(String id) {
        return String.join("_", java.util.Arrays.stream(id.split("/")).filter(part -> !part.isEmpty()).toList());
    }

    /** What {@code embed=group.*} asks for. */
    public record GroupEmbed(boolean groups, boolean apps, Set<AppEmbed> appEmbeds) {

        /** Without any {@code embed}, Marathon shows subgroups and apps. */
        static GroupEmbed parse(List<String> embeds) {
            if (embeds.isEmpty()) {
                return new GroupEmbed(true, true, Set.of());
            }
            return new GroupEmbed(embeds.contains("group.groups"), embeds.contains("group.apps"),
                    AppEmbed.parse(embeds, List.of("group.apps.")));
        }
    }
}

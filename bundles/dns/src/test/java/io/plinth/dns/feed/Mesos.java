package io.plinth.dns.feed;

import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.master.Protos.Event;
import org.apache.mesos.v1.master.Protos.Response;

/** Builders of the operator API messages the tests feed in, shaped as Plinth's master sends them. */
final class Mesos {

    private Mesos() {
    }

    static Response.GetAgents.Agent agent(String id, String hostname, int port) {
        return agent(id, hostname, "slave(1)@" + hostname + ":" + port);
    }

    static Response.GetAgents.Agent agent(String id, String hostname, String pid) {
        return Response.GetAgents.Agent.newBuilder()
                .setAgentInfo(Protos.AgentInfo.newBuilder().setHostname(hostname).setPort(5051)
                        .setId(Protos.AgentID.newBuilder().setValue(id)))
                .setActive(true).setVersion("0.1.0").setPid(pid).build();
    }

    static Response.GetFrameworks.Framework framework(String id, String name) {
        return Response.GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(frameworkInfo(id, name))
                .setActive(true).setConnected(true).setRecovered(false).build();
    }

    static Protos.FrameworkInfo frameworkInfo(String id, String name) {
        return Protos.FrameworkInfo.newBuilder().setUser("root").setName(name)
                .setId(Protos.FrameworkID.newBuilder().setValue(id)).build();
    }

    static Protos.Task.Builder task(String frameworkId, String id, String name, String agentId, TaskState state) {
        return Protos.Task.newBuilder().setName(name)
                .setTaskId(Protos.TaskID.newBuilder().setValue(id))
                .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                .setAgentId(Protos.AgentID.newBuilder().setValue(agentId))
                .setState(state);
    }

    static Protos.Resource ports(long... bounds) {
        Protos.Value.Ranges.Builder ranges = Protos.Value.Ranges.newBuilder();
        for (int i = 0; i < bounds.length; i += 2) {
            ranges.addRange(Protos.Value.Range.newBuilder().setBegin(bounds[i]).setEnd(bounds[i + 1]));
        }
        return Protos.Resource.newBuilder().setName("ports").setType(Protos.Value.Type.RANGES).setRanges(ranges).build();
    }

    static Protos.TaskStatus status(String taskId, TaskState state, String... ips) {
        Protos.TaskStatus.Builder status = Protos.TaskStatus.newBuilder()
                .setTaskId(Protos.TaskID.newBuilder().setValue(taskId)).setState(state);
        if (ips.length > 0) {
            Protos.NetworkInfo.Builder network = Protos.NetworkInfo.newBuilder();
            for (String ip : ips) {
                network.addIpAddresses(Protos.NetworkInfo.IPAddress.newBuilder().setIpAddress(ip));
            }
            status.setContainerStatus(Protos.ContainerStatus.newBuilder().addNetworkInfos(network));
        }
        return status.build();
    }

    static Response.GetState state(List<Response.GetAgents.Agent> agents, List<Response.GetFrameworks.Framework> frameworks,
                                   List<Protos.Task> tasks) {
        return Response.GetState.newBuilder()
                .setGetAgents(Response.GetAgents.newBuilder().addAllAgents(agents))
                .setGetFrameworks(Response.GetFrameworks.newBuilder().addAllFrameworks(frameworks))
                .setGetTasks(Response.GetTasks.newBuilder().addAllTasks(tasks))
                .setGetExecutors(Response.GetExecutors.newBuilder())
                .build();
    }

    static Event subscribed(Response.GetState state, double heartbeatSeconds) {
        return Event.newBuilder().setType(Event.Type.SUBSCRIBED)
                .setSubscribed(Event.Subscribed.newBuilder().setGetState(state).setHeartbeatIntervalSeconds(heartbeatSeconds))
                .build();
    }

    static Event taskAdded(Protos.Task task) {
        return Event.newBuilder().setType(Event.Type.TASK_ADDED)
                .setTaskAdded(Event.TaskAdded.newBuilder().setTask(task)).build();
    }

    static Event taskUpdated(String frameworkId, Protos.TaskStatus status) {
        return Event.newBuilder().setType(Event.Type.TASK_UPDATED)
                .setTaskUpdated(Event.TaskUpdated.newBuilder()
                        .setFrameworkId(Protos.FrameworkID.newBuilder().setValue(frameworkId))
                        .setStatus(status).setState(status.getState()))
                .build();
    }

    static Event agentAdded(Response.GetAgents.Agent agent) {
        return Event.newBuilder().setType(Event.Type.AGENT_ADDED)
                .setAgentAdded(Event.AgentAdded.newBuilder().setAgent(agent)).build();
    }

    static Event agentRemoved(String id) {
        return Event.newBuilder().setType(Event.Type.AGENT_REMOVED)
                .setAgentRemoved(Event.AgentRemoved.newBuilder().setAgentId(Protos.AgentID.newBuilder().setValue(id)))
                .build();
    }

    static Event frameworkAdded(Response.GetFrameworks.Framework framework) {
        return Event.newBuilder().setType(Event.Type.FRAMEWORK_ADDED)
                .setFrameworkAdded(Event.FrameworkAdded.newBuilder().setFramework(framework)).build();
    }

    static Event frameworkRemoved(String id, String name) {
        return Event.newBuilder().setType(Event.Type.FRAMEWORK_REMOVED)
                .setFrameworkRemoved(Event.FrameworkRemoved.newBuilder().setFrameworkInfo(frameworkInfo(id, name)))
                .build();
    }

    static Event heartbeat() {
        return Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
    }
}

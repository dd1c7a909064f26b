package io.plinth.master.operator.testing;

import io.plinth.master.operator.state.BuildInfo;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.Address;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ContainerStatus;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Role;
import org.apache.mesos.v1.Protos.Task;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TimeInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.master.Protos.Response.GetAgents;
import org.apache.mesos.v1.master.Protos.Response.GetExecutors;
import org.apache.mesos.v1.master.Protos.Response.GetFrameworks;
import org.apache.mesos.v1.master.Protos.Response.GetRoles;
import org.apache.mesos.v1.master.Protos.Response.GetState;
import org.apache.mesos.v1.master.Protos.Response.GetTasks;

/**
 * A small cluster built by hand: one master (10.0.0.1:5050), two agents (S0 active with a static
 * reservation for slave_public, S1 disconnected), two registered frameworks (marathon, single role;
 * metronome, multi-role and inactive) and a completed one, tasks in every list of GET_TASKS, an
 * executor and two outstanding offers, one of which only {@code outstandingOffers()} knows.
 */
public final class Fixtures {

    public static final long START_MILLIS = 1_600_000_000_250L;
    public static final long ELECTED_MILLIS = 1_600_000_010_500L;
    public static final BuildInfo BUILD = new BuildInfo("0.1.0.SNAPSHOT", 1_599_999_000, "builder");

    private Fixtures() {
    }

    public static MasterInfo master() {
        return MasterInfo.newBuilder()
                .setId("master-1")
                .setIp(16_777_226) // 10.0.0.1 in Mesos' byte order
                .setPort(5050)
                .setHostname("m1.example")
                .setVersion("1.11.0")
                .setAddress(Address.newBuilder().setHostname("m1.example").setIp("10.0.0.1").setPort(5050))
                .build();
    }

    public static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    public static Resource allocated(Resource resource, String role) {
        return resource.toBuilder().setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build();
    }

    public static Resource reserved(Resource resource, String role) {
        return resource.toBuilder().addReservations(Resource.ReservationInfo.newBuilder()
                .setType(Resource.ReservationInfo.Type.STATIC).setRole(role)).build();
    }

    public static Resource ports(long... beginEnd) {
        Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
        for (int i = 0; i < beginEnd.length; i += 2) {
            ranges.addRange(Value.Range.newBuilder().setBegin(beginEnd[i]).setEnd(beginEnd[i + 1]));
        }
        return Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges).build();
    }

    public static TimeInfo time(double seconds) {
        return TimeInfo.newBuilder().setNanoseconds(Math.round(seconds * 1e9)).build();
    }

    public static GetAgents.Agent agentS0() {
        return GetAgents.Agent.newBuilder()
                .setAgentInfo(AgentInfo.newBuilder()
                        .setId(AgentID.newBuilder().setValue("S0"))
                        .setHostname("a1.example")
                        .setPort(5051)
                        .addAttributes(Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
                                .setText(Value.Text.newBuilder().setValue("r1")))
                        .addAttributes(Attribute.newBuilder().setName("level").setType(Value.Type.SCALAR)
                                .setScalar(Value.Scalar.newBuilder().setValue(2))))
                .setActive(true)
                .setVersion("1.11.0")
                .setRegisteredTime(time(1_600_000_020.5))
                .addTotalResources(scalar("cpus", 4))
                .addTotalResources(scalar("mem", 8192))
                .addTotalResources(scalar("disk", 10000))
                .addTotalResources(ports(31000, 31999, 32000, 32000))
                .addTotalResources(reserved(scalar("cpus", 1), "slave_public"))
                .addAllocatedResources(allocated(scalar("cpus", 1.5), "*"))
                .addAllocatedResources(allocated(scalar("mem", 1024), "*"))
                .addOfferedResources(allocated(scalar("cpus", 2), "*"))
                .addOfferedResources(allocated(scalar("mem", 2048), "*"))
                .addCapabilities(AgentInfo.Capability.newBuilder().setType(AgentInfo.Capability.Type.MULTI_ROLE))
                .build();
    }

    public static GetAgents.Agent agentS1() {
        return GetAgents.Agent.newBuilder()
                .setAgentInfo(AgentInfo.newBuilder()
                        .setId(AgentID.newBuilder().setValue("S1"))
                        .setHostname("a2.example")
                        .setPort(5051))
                .setActive(false)
                .setVersion("1.11.0")
                .setPid("slave(1)@10.0.0.3:5051")
                .setRegisteredTime(time(1_600_000_030))
                .setReregisteredTime(time(1_600_000_040))
                .addTotalResources(scalar("cpus", 2))
                .addTotalResources(scalar("mem", 4096))
                .build();
    }

    public static FrameworkID frameworkId(String id) {
        return FrameworkID.newBuilder().setValue(id).build();
    }

    public static Offer offer(String id, String frameworkId, String agentId, String hostname, Resource... resources) {
        Offer.Builder offer = Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(id))
                .setFrameworkId(frameworkId(frameworkId))
                .setAgentId(AgentID.newBuilder().setValue(agentId))
                .setHostname(hostname)
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("*"));
        for (Resource resource : resources) {
            offer.addResources(allocated(resource, "*"));
        }
        return offer.build();
    }

    public static GetFrameworks.Framework marathon() {
        return GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(FrameworkInfo.newBuilder()
                        .setId(frameworkId("fw-1"))
                        .setName("marathon")
                        .setUser("root")
                        .setFailoverTimeout(604800)
                        .setCheckpoint(true)
                        .setHostname("m1.example")
                        .setWebuiUrl("http://m1.example:8080")
                        .setPrincipal("marathon")
                        .addCapabilities(FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
                        .setLabels(Labels.newBuilder().addLabels(Label.newBuilder()
                                .setKey("DCOS_PACKAGE_NAME").setValue("marathon"))))
                .setActive(true)
                .setConnected(true)
                .setRecovered(false)
                .setRegisteredTime(time(1_600_000_100))
                .setReregisteredTime(time(1_600_000_100))
                .addOffers(offer("o-1", "fw-1", "S0", "a1.example", scalar("cpus", 2), scalar("mem", 2048)))
                .addAllocatedResources(allocated(scalar("cpus", 1.5), "*"))
                .addAllocatedResources(allocated(scalar("mem", 1024), "*"))
                .addOfferedResources(allocated(scalar("cpus", 2), "*"))
                .addOfferedResources(allocated(scalar("mem", 2048), "*"))
                .build();
    }

    public static GetFrameworks.Framework metronome() {
        return GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(FrameworkInfo.newBuilder()
                        .setId(frameworkId("fw-2"))
                        .setName("metronome")
                        .setUser("nobody")
                        .addRoles("dev")
                        .addRoles("prod")
                        .addCapabilities(FrameworkInfo.Capability.newBuilder()
                                .setType(FrameworkInfo.Capability.Type.MULTI_ROLE)))
                .setActive(false)
                .setConnected(false)
                .setRecovered(true)
                .setRegisteredTime(time(1_600_000_200))
                .setReregisteredTime(time(1_600_000_300))
                .setUnregisteredTime(time(1_600_000_400))
                .build();
    }

    public static GetFrameworks.Framework completedFramework() {
        return GetFrameworks.Framework.newBuilder()
                .setFrameworkInfo(FrameworkInfo.newBuilder()
                        .setId(frameworkId("fw-3"))
                        .setName("old")
                        .setUser("root"))
                .setActive(false)
                .setConnected(false)
                .setRecovered(false)
                .build();
    }

    public static TaskStatus status(String taskId, TaskState state, double timestamp) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setTimestamp(timestamp).build();
    }

    public static Task task(String id, String name, String frameworkId, String agentId, TaskState state,
                            TaskStatus... statuses) {
        return Task.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(id))
                .setName(name)
                .setFrameworkId(frameworkId(frameworkId))
                .setAgentId(AgentID.newBuilder().setValue(agentId))
                .setState(state)
                .addResources(allocated(scalar("cpus", 0.5), "*"))
                .addResources(allocated(scalar("mem", 128), "*"))
                .addAllStatuses(List.of(statuses))
                .build();
    }

    /** RUNNING on S0, with labels, discovery, a Docker container and a status with the container's IP. */
    public static Task runningTask() {
        return Task.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue("web.1"))
                .setName("web")
                .setFrameworkId(frameworkId("fw-1"))
                .setExecutorId(ExecutorID.newBuilder().setValue("e-1"))
                .setAgentId(AgentID.newBuilder().setValue("S0"))
                .setState(TaskState.TASK_RUNNING)
                .addResources(allocated(scalar("cpus", 1), "*"))
                .addResources(allocated(scalar("mem", 512), "*"))
                .addStatuses(status("web.1", TaskState.TASK_STAGING, 1_600_000_500.25))
                .addStatuses(status("web.1", TaskState.TASK_RUNNING, 1_600_000_501.5).toBuilder()
                        .setHealthy(true)
                        .setContainerStatus(ContainerStatus.newBuilder().addNetworkInfos(NetworkInfo.newBuilder()
                                .addIpAddresses(NetworkInfo.IPAddress.newBuilder().setIpAddress("10.0.0.2")))))
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("HAPROXY_GROUP").setValue("external")))
                .setDiscovery(DiscoveryInfo.newBuilder().setVisibility(DiscoveryInfo.Visibility.FRAMEWORK).setName("web"))
                .setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("nginx")))
                .setUser("root")
                .build();
    }

    public static GetTasks tasks() {
        return GetTasks.newBuilder()
                .addPendingTasks(task("web.2", "web", "fw-1", "S0", TaskState.TASK_STAGING))
                .addTasks(runningTask())
                .addUnreachableTasks(task("job.1", "job", "fw-2", "S1", TaskState.TASK_UNREACHABLE,
                        status("job.1", TaskState.TASK_RUNNING, 1_600_000_450)))
                .addCompletedTasks(task("web.0", "web", "fw-1", "S1", TaskState.TASK_FINISHED,
                        status("web.0", TaskState.TASK_RUNNING, 1_600_000_410),
                        status("web.0", TaskState.TASK_FINISHED, 1_600_000_420)))
                .addCompletedTasks(task("old.1", "old", "fw-3", "S0", TaskState.TASK_KILLED,
                        status("old.1", TaskState.TASK_KILLED, 1_600_000_050)))
                .build();
    }

    public static GetExecutors executors() {
        return GetExecutors.newBuilder()
                .addExecutors(GetExecutors.Executor.newBuilder()
                        .setExecutorInfo(ExecutorInfo.newBuilder()
                                .setExecutorId(ExecutorID.newBuilder().setValue("e-1"))
                                .setFrameworkId(frameworkId("fw-1"))
                                .setName("web executor")
                                .setType(ExecutorInfo.Type.CUSTOM)
                                .setCommand(CommandInfo.newBuilder().setValue("./executor").setShell(true))
                                .addResources(allocated(scalar("cpus", 0.1), "*")))
                        .setAgentId(AgentID.newBuilder().setValue("S0")))
                .build();
    }

    public static GetState state() {
        return GetState.newBuilder()
                .setGetAgents(GetAgents.newBuilder().addAgents(agentS0()).addAgents(agentS1()))
                .setGetFrameworks(GetFrameworks.newBuilder()
                        .addFrameworks(marathon())
                        .addFrameworks(metronome())
                        .addCompletedFrameworks(completedFramework()))
                .setGetTasks(tasks())
                .setGetExecutors(executors())
                .build();
    }

    /** o-1 (also in marathon's own list) and o-2, which only the outstanding offers know. */
    public static List<Offer> outstandingOffers() {
        return List.of(
                offer("o-1", "fw-1", "S0", "a1.example", scalar("cpus", 2), scalar("mem", 2048)),
                offer("o-2", "fw-2", "S1", "a2.example", scalar("cpus", 1), ports(31000, 31000)));
    }

    public static GetRoles roles() {
        return GetRoles.newBuilder()
                .addRoles(Role.newBuilder().setName("*").setWeight(1).addFrameworks(frameworkId("fw-1"))
                        .addResources(allocated(scalar("cpus", 1.5), "*")))
                .addRoles(Role.newBuilder().setName("slave_public").setWeight(2.5))
                .build();
    }

    public static Map<String, Number> metrics() {
        return Map.of("master/slaves_unreachable", 1, "master/tasks_running", 1, "master/uptime_secs", 12.5);
    }
}

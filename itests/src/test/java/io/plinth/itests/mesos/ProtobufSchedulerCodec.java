package io.plinth.itests.mesos;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * The protobuf encoding with the official generated Mesos 1.11 v1 classes, as an existing Java
 * framework sends it: the body is a serialized {@code Call}, each record a serialized {@code Event}.
 */
final class ProtobufSchedulerCodec implements SchedulerCodec {

    @Override
    public String mediaType() {
        return MesosHttp.PROTOBUF;
    }

    @Override
    public byte[] subscribe(String name, String user, String frameworkId, double failoverTimeoutSeconds, boolean partitionAware) {
        FrameworkInfo.Builder info = FrameworkInfo.newBuilder()
                .setUser(user)
                .setName(name)
                .setFailoverTimeout(failoverTimeoutSeconds);
        if (frameworkId != null) {
            info.setId(frameworkId(frameworkId));
        }
        if (partitionAware) {
            info.addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE));
        }
        return call(frameworkId, Call.Type.SUBSCRIBE)
                .setSubscribe(Call.Subscribe.newBuilder().setFrameworkInfo(info))
                .build().toByteArray();
    }

    @Override
    public byte[] accept(String frameworkId, List<String> offerIds, String agentId, Object offerSource,
                         List<SchedulerEvent.TaskSpec> tasks, double refuseSeconds) {
        Offer.Operation.Launch.Builder launch = Offer.Operation.Launch.newBuilder();
        for (SchedulerEvent.TaskSpec task : tasks) {
            launch.addTaskInfos(TaskInfo.newBuilder()
                    .setName(task.name())
                    .setTaskId(TaskID.newBuilder().setValue(task.id()))
                    .setAgentId(AgentID.newBuilder().setValue(agentId))
                    .addResources(scalar((Offer) offerSource, "cpus", task.cpus()))
                    .addResources(scalar((Offer) offerSource, "mem", task.mem()))
                    .setCommand(CommandInfo.newBuilder().setShell(true).setValue(task.command())));
        }
        Call.Accept.Builder accept = Call.Accept.newBuilder()
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH).setLaunch(launch))
                .setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        offerIds.forEach(offerId -> accept.addOfferIds(OfferID.newBuilder().setValue(offerId)));
        return call(frameworkId, Call.Type.ACCEPT).setAccept(accept).build().toByteArray();
    }

    /** A scalar resource shaped like the offered one (role, reservations, allocation info), else unreserved. */
    private static Resource scalar(Offer offer, String name, double value) {
        Value.Scalar amount = Value.Scalar.newBuilder().setValue(value).build();
        if (offer != null) {
            for (Resource offered : offer.getResourcesList()) {
                if (offered.getName().equals(name) && offered.hasScalar()) {
                    return offered.toBuilder().setScalar(amount).build();
                }
            }
        }
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR).setRole("*").setScalar(amount).build();
    }

    @Override
    public byte[] decline(String frameworkId, List<String> offerIds, double refuseSeconds) {
        Call.Decline.Builder decline = Call.Decline.newBuilder().setFilters(Filters.newBuilder().setRefuseSeconds(refuseSeconds));
        offerIds.forEach(offerId -> decline.addOfferIds(OfferID.newBuilder().setValue(offerId)));
        return call(frameworkId, Call.Type.DECLINE).setDecline(decline).build().toByteArray();
    }

    @Override
    public byte[] acknowledge(String frameworkId, String agentId, String taskId, String uuidBase64) {
        return call(frameworkId, Call.Type.ACKNOWLEDGE)
                .setAcknowledge(Call.Acknowledge.newBuilder()
                        .setAgentId(AgentID.newBuilder().setValue(agentId))
                        .setTaskId(TaskID.newBuilder().setValue(taskId))
                        .setUuid(ByteString.copyFrom(Base64.getDecoder().decode(uuidBase64))))
                .build().toByteArray();
    }

    @Override
    public byte[] kill(String frameworkId, String taskId, String agentId) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
        if (agentId != null) {
            kill.setAgentId(AgentID.newBuilder().setValue(agentId));
        }
        return call(frameworkId, Call.Type.KILL).setKill(kill).build().toByteArray();
    }

    @Override
    public byte[] reconcile(String frameworkId, Map<String, String> tasks) {
        Call.Reconcile.Builder reconcile = Call.Reconcile.newBuilder();
        tasks.forEach((taskId, agentId) -> {
            Call.Reconcile.Task.Builder task = Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
            if (agentId != null) {
                task.setAgentId(AgentID.newBuilder().setValue(agentId));
            }
            reconcile.addTasks(task);
        });
        return call(frameworkId, Call.Type.RECONCILE).setReconcile(reconcile).build().toByteArray();
    }

    @Override
    public byte[] revive(String frameworkId) {
        return call(frameworkId, Call.Type.REVIVE).build().toByteArray();
    }

    @Override
    public SchedulerEvent decode(byte[] record, long receivedNanos) {
        Event event;
        try {
            event = Event.parseFrom(record);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("not a serialized v1 scheduler Event: " + e.getMessage(), e);
        }
        String type = event.getType().name();
        String text = TextFormat.printer().shortDebugString(event);
        switch (event.getType()) {
            case SUBSCRIBED -> {
                Event.Subscribed subscribed = event.getSubscribed();
                return new SchedulerEvent(type, subscribed.getFrameworkId().getValue(),
                        subscribed.hasHeartbeatIntervalSeconds() ? subscribed.getHeartbeatIntervalSeconds() : null,
                        List.of(), null, null, null, text);
            }
            case OFFERS -> {
                List<SchedulerEvent.Offer> offers = new ArrayList<>();
                for (Offer offer : event.getOffers().getOffersList()) {
                    offers.add(new SchedulerEvent.Offer(offer.getId().getValue(), offer.getAgentId().getValue(),
                            offer.getHostname(), sum(offer, "cpus"), sum(offer, "mem"), offer));
                }
                return new SchedulerEvent(type, null, null, offers, null, null, null, text);
            }
            case UPDATE -> {
                TaskStatus status = event.getUpdate().getStatus();
                SchedulerEvent.Update update = new SchedulerEvent.Update(status.getTaskId().getValue(),
                        status.hasAgentId() ? status.getAgentId().getValue() : null, status.getState().name(),
                        status.hasReason() ? status.getReason().name() : null,
                        status.hasSource() ? status.getSource().name() : null,
                        status.hasMessage() ? status.getMessage() : null,
                        status.hasUuid() ? Base64.getEncoder().encodeToString(status.getUuid().toByteArray()) : null,
                        receivedNanos);
                return new SchedulerEvent(type, null, null, List.of(), update, null, null, text);
            }
            case RESCIND -> {
                return new SchedulerEvent(type, null, null, List.of(), null, event.getRescind().getOfferId().getValue(), null, text);
            }
            case ERROR -> {
                return new SchedulerEvent(type, null, null, List.of(), null, null, event.getError().getMessage(), text);
            }
            default -> {
                return new SchedulerEvent(type, null, null, List.of(), null, null, null, text);
            }
        }
    }

    private static double sum(Offer offer, String name) {
        return offer.getResourcesList().stream()
                .filter(resource -> resource.getName().equals(name) && resource.hasScalar())
                .mapToDouble(resource -> resource.getScalar().getValue())
                .sum();
    }

    private static Call.Builder call(String frameworkId, Call.Type type) {
        Call.Builder call = Call.newBuilder().setType(type);
        if (frameworkId != null) {
            call.setFrameworkId(frameworkId(frameworkId));
        }
        return call;
    }

    private static FrameworkID frameworkId(String value) {
        return FrameworkID.newBuilder().setValue(value).build();
    }
}

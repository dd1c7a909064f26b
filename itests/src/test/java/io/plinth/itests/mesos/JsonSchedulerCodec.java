package io.plinth.itests.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON encoding, written by hand on Jackson trees the way a client in any language would:
 * proto field names, enums by name, ids as {@code {"value": ...}}, bytes in Base64.
 */
final class JsonSchedulerCodec implements SchedulerCodec {

    static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String mediaType() {
        return MesosHttp.JSON;
    }

    @Override
    public byte[] subscribe(String name, String user, String frameworkId, double failoverTimeoutSeconds, boolean partitionAware) {
        ObjectNode call = call(frameworkId, "SUBSCRIBE");
        ObjectNode info = call.putObject("subscribe").putObject("framework_info");
        info.put("user", user);
        info.put("name", name);
        if (frameworkId != null) {
            info.set("id", id(frameworkId));
        }
        info.put("failover_timeout", failoverTimeoutSeconds);
        if (partitionAware) {
            info.putArray("capabilities").addObject().put("type", "PARTITION_AWARE");
        }
        return bytes(call);
    }

    @Override
    public byte[] accept(String frameworkId, List<String> offerIds, String agentId, Object offerSource,
                         List<SchedulerEvent.TaskSpec> tasks, double refuseSeconds) {
        ObjectNode call = call(frameworkId, "ACCEPT");
        ObjectNode accept = call.putObject("accept");
        ArrayNode ids = accept.putArray("offer_ids");
        offerIds.forEach(offerId -> ids.add(id(offerId)));
        ObjectNode operation = accept.putArray("operations").addObject();
        operation.put("type", "LAUNCH");
        ArrayNode taskInfos = operation.putObject("launch").putArray("task_infos");
        for (SchedulerEvent.TaskSpec task : tasks) {
            ObjectNode info = taskInfos.addObject();
            info.put("name", task.name());
            info.set("task_id", id(task.id()));
            info.set("agent_id", id(agentId));
            ArrayNode resources = info.putArray("resources");
            resources.add(scalar((JsonNode) offerSource, "cpus", task.cpus()));
            resources.add(scalar((JsonNode) offerSource, "mem", task.mem()));
            ObjectNode command = info.putObject("command");
            command.put("shell", true);
            command.put("value", task.command());
        }
        accept.putObject("filters").put("refuse_seconds", refuseSeconds);
        return bytes(call);
    }

    /** A scalar resource shaped like the offered one (role, reservations, allocation info), else unreserved. */
    private static ObjectNode scalar(JsonNode offer, String name, double value) {
        ObjectNode resource = null;
        if (offer != null) {
            for (JsonNode offered : offer.path("resources")) {
                if (name.equals(offered.path("name").asText()) && offered.has("scalar")) {
                    resource = offered.deepCopy();
                    break;
                }
            }
        }
        if (resource == null) {
            resource = MAPPER.createObjectNode();
            resource.put("name", name);
            resource.put("type", "SCALAR");
            resource.put("role", "*");
        }
        resource.putObject("scalar").put("value", value);
        return resource;
    }

    @Override
    public byte[] decline(String frameworkId, List<String> offerIds, double refuseSeconds) {
        ObjectNode call = call(frameworkId, "DECLINE");
        ObjectNode decline = call.putObject("decline");
        ArrayNode ids = decline.putArray("offer_ids");
        offerIds.forEach(offerId -> ids.add(id(offerId)));
        decline.putObject("filters").put("refuse_seconds", refuseSeconds);
        return bytes(call);
    }

    @Override
    public byte[] acknowledge(String frameworkId, String agentId, String taskId, String uuidBase64) {
        ObjectNode call = call(frameworkId, "ACKNOWLEDGE");
        ObjectNode acknowledge = call.putObject("acknowledge");
        acknowledge.set("agent_id", id(agentId));
        acknowledge.set("task_id", id(taskId));
        acknowledge.put("uuid", uuidBase64);
        return bytes(call);
    }

    @Override
    public byte[] kill(String frameworkId, String taskId, String agentId) {
        ObjectNode call = call(frameworkId, "KILL");
        ObjectNode kill = call.putObject("kill");
        kill.set("task_id", id(taskId));
        if (agentId != null) {
            kill.set("agent_id", id(agentId));
        }
        return bytes(call);
    }

    @Override
    public byte[] reconcile(String frameworkId, Map<String, String> tasks) {
        ObjectNode call = call(frameworkId, "RECONCILE");
        ArrayNode list = call.putObject("reconcile").putArray("tasks");
        tasks.forEach((taskId, agentId) -> {
            ObjectNode task = list.addObject();
            task.set("task_id", id(taskId));
            if (agentId != null) {
                task.set("agent_id", id(agentId));
            }
        });
        return bytes(call);
    }

    @Override
    public byte[] revive(String frameworkId) {
        return bytes(call(frameworkId, "REVIVE"));
    }

    @Override
    public SchedulerEvent decode(byte[] record, long receivedNanos) {
        JsonNode event = tree(record);
        String type = event.path("type").asText();
        String text = event.toString();
        switch (type) {
            case "SUBSCRIBED" -> {
                JsonNode subscribed = event.path("subscribed");
                return new SchedulerEvent(type, textOrNull(subscribed.path("framework_id").path("value")),
                        subscribed.has("heartbeat_interval_seconds") ? subscribed.get("heartbeat_interval_seconds").asDouble() : null,
                        List.of(), null, null, null, text);
            }
            case "OFFERS" -> {
                List<SchedulerEvent.Offer> offers = new ArrayList<>();
                for (JsonNode offer : event.path("offers").path("offers")) {
                    offers.add(new SchedulerEvent.Offer(offer.path("id").path("value").asText(),
                            offer.path("agent_id").path("value").asText(), offer.path("hostname").asText(),
                            sum(offer, "cpus"), sum(offer, "mem"), offer));
                }
                return new SchedulerEvent(type, null, null, offers, null, null, null, text);
            }
            case "UPDATE" -> {
                JsonNode status = event.path("update").path("status");
                SchedulerEvent.Update update = new SchedulerEvent.Update(status.path("task_id").path("value").asText(),
                        textOrNull(status.path("agent_id").path("value")), status.path("state").asText(),
                        textOrNull(status.path("reason")), textOrNull(status.path("source")),
                        textOrNull(status.path("message")), textOrNull(status.path("uuid")), receivedNanos);
                return new SchedulerEvent(type, null, null, List.of(), update, null, null, text);
            }
            case "RESCIND" -> {
                return new SchedulerEvent(type, null, null, List.of(), null,
                        event.path("rescind").path("offer_id").path("value").asText(), null, text);
            }
            case "ERROR" -> {
                // the proto nests the message in "error"; Mesos' documentation example shows it flat
                JsonNode message = event.path("error").path("message");
                return new SchedulerEvent(type, null, null, List.of(), null, null,
                        message.isMissingNode() ? event.path("message").asText() : message.asText(), text);
            }
            default -> {
                return new SchedulerEvent(type, null, null, List.of(), null, null, null, text);
            }
        }
    }

    private static double sum(JsonNode offer, String name) {
        double total = 0;
        for (JsonNode resource : offer.path("resources")) {
            if (name.equals(resource.path("name").asText())) {
                total += resource.path("scalar").path("value").asDouble();
            }
        }
        return total;
    }

    private static String textOrNull(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static ObjectNode call(String frameworkId, String type) {
        ObjectNode call = MAPPER.createObjectNode();
        if (frameworkId != null) {
            call.set("framework_id", id(frameworkId));
        }
        call.put("type", type);
        return call;
    }

    static ObjectNode id(String value) {
        return MAPPER.createObjectNode().put("value", value);
    }

    static JsonNode tree(byte[] json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + new String(json, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

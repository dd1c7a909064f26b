package io.plinth.master.operator.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.mesos.api.resources.Attributes;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources and attributes in the summary form of Mesos' v0 documents:
 * {@code {"cpus":4.0,"mem":1024.0,"disk":0.0,"gpus":0.0,"ports":"[31000-32000]"}}: scalars summed per
 * name (cpus, mem, disk and gpus always present), ranges merged and printed as {@code [b-e, b-e]},
 * sets as {@code {a, b}}, revocable resources under {@code <name>_revocable}. The summing and
 * printing are the shared resource model's ({@link Resources#toStateJson()}); this class adds what
 * the v0 documents need around it: the revocable split, the split by reservation, and tolerance of
 * resources the model does not represent.
 */
final class ResourceJson {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceJson.class);

    private final Json json;

    ResourceJson(Json json) {
        this.json = json;
    }

    /** The summary of {@code resources}. */
    ObjectNode summary(Collection<Resource> resources) {
        List<Resource> regular = new ArrayList<>();
        List<Resource> revocable = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource.getType() == Value.Type.TEXT) {
                continue; // Mesos leaves TEXT resources out of summaries too
            }
            (resource.hasRevocable() ? revocable : regular).add(plain(resource));
        }
        ObjectNode summary = json.object();
        model(regular).toStateJson().forEach((name, value) -> put(summary, name, value));
        if (!revocable.isEmpty()) {
            Resources model = model(revocable);
            Set<String> present = model.names();
            model.toStateJson().forEach((name, value) -> {
                if (present.contains(name)) {
                    put(summary, name + "_revocable", value);
                }
            });
        }
        return summary;
    }

    /** {@code {"<role>": summary}} of the reserved resources, keyed by the role each is reserved for. */
    ObjectNode byReservationRole(List<Resource> resources) {
        Map<String, List<Resource>> byRole = new LinkedHashMap<>();
        for (Resource resource : resources) {
            reservationRole(resource).ifPresent(role -> byRole.computeIfAbsent(role, r -> new ArrayList<>()).add(resource));
        }
        ObjectNode reserved = json.object();
        byRole.forEach((role, list) -> reserved.set(role, summary(list)));
        return reserved;
    }

    /** The summary of the resources reserved for no role. */
    ObjectNode unreserved(List<Resource> resources) {
        return summary(resources.stream().filter(r -> reservationRole(r).isEmpty()).toList());
    }

    /**
     * Attributes as {@code {"name": value}}: scalars as numbers, ranges and sets in their text form,
     * text as it is.
     */
    ObjectNode attributes(List<Attribute> attributes) {
        ObjectNode object = json.object();
        Attributes model;
        try {
            model = Attributes.fromProto(attributes);
        } catch (IllegalArgumentException e) {
            // one malformed attribute must not hide the agent: keep the ones that read
            LOG.debug("Skipping malformed agent attributes: {}", e.getMessage());
            List<Attribute> readable = attributes.stream().filter(ResourceJson::readable).toList();
            model = Attributes.fromProto(readable);
        }
        model.toStateJson().forEach((name, value) -> put(object, name, value));
        return object;
    }

    /**
     * The role a resource is reserved for: the last entry of {@code reservations} (the "refined"
     * format), else the legacy {@code role} when it is not {@code *}; empty when unreserved.
     */
    @SuppressWarnings("deprecation") // Resource.role: the reservation format of pre-1.4 agents and frameworks
    static Optional<String> reservationRole(Resource resource) {
        if (resource.getReservationsCount() > 0) {
            return Optional.of(resource.getReservations(resource.getReservationsCount() - 1).getRole());
        }
        if (resource.hasRole() && !resource.getRole().isEmpty() && !resource.getRole().equals("*")) {
            return Optional.of(resource.getRole());
        }
        return Optional.empty();
    }

    /** A scalar of a summary, 0 when absent. */
    static double scalar(JsonNode summary, String name) {
        return summary.path(name).asDouble(0);
    }

    /**
     * The shared model of {@code resources}. It cannot represent everything Mesos can (it rejects
     * malformed values, for example); a resource it rejects is left out of the summary rather than
     * failing the whole document.
     */
    private static Resources model(List<Resource> resources) {
        try {
            return Resources.fromProto(resources);
        } catch (IllegalArgumentException e) {
            LOG.debug("Leaving resources the model rejects out of a summary: {}", e.getMessage());
            return Resources.fromProto(resources.stream().filter(ResourceJson::readable).toList());
        }
    }

    /**
     * A resource stripped of what the summary does not show (persistent volume and disk source,
     * sharing, provider, revocability), which the shared model refuses to read.
     */
    private static Resource plain(Resource resource) {
        if (!resource.hasDisk() && !resource.hasShared() && !resource.hasProviderId() && !resource.hasRevocable()) {
            return resource;
        }
        return resource.toBuilder().clearDisk().clearShared().clearProviderId().clearRevocable().build();
    }

    private static boolean readable(Resource resource) {
        try {
            Resources.fromProto(List.of(resource));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean readable(Attribute attribute) {
        try {
            Attributes.fromProto(List.of(attribute));
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void put(ObjectNode object, String name, Object value) {
        if (value instanceof Number number) {
            object.put(name, number.doubleValue());
        } else {
            object.put(name, String.valueOf(value));
        }
    }
}

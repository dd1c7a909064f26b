package io.plinth.marathon.match;

import io.plinth.mesos.api.resources.Attributes;
import io.plinth.mesos.api.resources.Resources;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.mesos.v1.Protos;

/**
 * One offer as the matcher sees it: plain values instead of protobufs.
 *
 * <p>{@code shapes} remembers, per offered resource ({@code name(role)} or {@code name} for unreserved
 * ones, see {@link #shapeKey}), how the offer wrote its reservation and allocation: a resource with
 * only the {@code role}, {@code reservations} and {@code allocation_info} fields of the offered one.
 * Launched tasks copy that shape, because the master checks that accepted resources are contained in
 * the offer, reservations included. An offer built without shapes (tests, hand-made views) gets the
 * refined reservation format and the matcher's framework role.
 *
 * @param offerId    the Mesos offer id
 * @param agentId    the agent the offer is for
 * @param hostname   the agent's hostname (the {@code hostname} constraint field)
 * @param resources  the offered resources this model can hold (revocable, shared and disk-info
 *                   resources are left out: the matcher never uses them)
 * @param attributes the agent's attributes (the other constraint fields)
 * @param shapes     reservation and allocation shape per offered resource; may be empty
 */
public record OfferView(String offerId, String agentId, String hostname, Resources resources, Attributes attributes,
                        Map<String, Protos.Resource> shapes) {

    public OfferView {
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(resources, "resources");
        attributes = attributes == null ? Attributes.empty() : attributes;
        shapes = shapes == null ? Map.of() : Map.copyOf(shapes);
    }

    /** A view without reservation shapes: launches use refined reservations. */
    public OfferView(String offerId, String agentId, String hostname, Resources resources, Attributes attributes) {
        this(offerId, agentId, hostname, resources, attributes, Map.of());
    }

    /**
     * Reads a Mesos v1 offer.
     *
     * @throws IllegalArgumentException if a resource or attribute is malformed
     */
    @SuppressWarnings("deprecation") // the legacy role field is how non-refinement frameworks see reservations
    public static OfferView of(Protos.Offer offer) {
        List<Protos.Resource> usable = new ArrayList<>();
        Map<String, Protos.Resource> shapes = new LinkedHashMap<>();
        for (Protos.Resource resource : offer.getResourcesList()) {
            if (resource.hasRevocable() || resource.hasShared() || resource.hasDisk() || resource.hasProviderId()) {
                continue;
            }
            usable.add(resource);
            Protos.Resource.Builder shape = Protos.Resource.newBuilder()
                    .setName(resource.getName()).setType(resource.getType())
                    .addAllReservations(resource.getReservationsList());
            if (resource.hasRole()) {
                shape.setRole(resource.getRole());
            }
            if (resource.hasAllocationInfo()) {
                shape.setAllocationInfo(resource.getAllocationInfo());
            }
            shapes.putIfAbsent(shapeKey(resource.getName(), roleOf(resource)), shape.build());
        }
        return new OfferView(offer.getId().getValue(), offer.getAgentId().getValue(), offer.getHostname(),
                Resources.fromProto(usable), Attributes.fromProto(offer.getAttributesList()), shapes);
    }

    /** The key of {@link #shapes}: {@code name} for unreserved resources, {@code name(role)} for reserved ones. */
    public static String shapeKey(String name, String role) {
        return "*".equals(role) ? name : name + "(" + role + ")";
    }

    @SuppressWarnings("deprecation")
    private static String roleOf(Protos.Resource resource) {
        if (resource.getReservationsCount() > 0) {
            return resource.getReservations(resource.getReservationsCount() - 1).getRole();
        }
        return resource.hasRole() && !resource.getRole().isEmpty() ? resource.getRole() : "*";
    }
}

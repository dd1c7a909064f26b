package io.plinth.master.operator.state;

import static io.plinth.master.operator.testing.Fixtures.ports;
import static io.plinth.master.operator.testing.Fixtures.reserved;
import static io.plinth.master.operator.testing.Fixtures.scalar;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class ResourceJsonTest {

    private final ResourceJson resources = new ResourceJson(new Json());

    @Test
    void emptyResourcesStillShowTheFourScalars() {
        assertEquals("{\"cpus\":0.0,\"mem\":0.0,\"disk\":0.0,\"gpus\":0.0}", resources.summary(List.of()).toString());
    }

    @Test
    void scalarsAreSummedRangesMergedSetsJoined() {
        Resource set = Resource.newBuilder().setName("zones").setType(Value.Type.SET)
                .setSet(Value.Set.newBuilder().addItem("a").addItem("b")).build();
        Resource moreSet = set.toBuilder().setSet(Value.Set.newBuilder().addItem("b").addItem("c")).build();
        ObjectNode summary = resources.summary(List.of(scalar("cpus", 1.5), scalar("cpus", 2), scalar("gpus", 1),
                ports(1, 5, 10, 12), ports(3, 8, 13, 13), set, moreSet));

        assertEquals(3.5, summary.get("cpus").asDouble());
        assertEquals(1.0, summary.get("gpus").asDouble());
        assertEquals("[1-8, 10-13]", summary.get("ports").asText(), "overlapping and adjacent ranges merge");
        assertEquals("{a, b, c}", summary.get("zones").asText());
    }

    @Test
    void volumesAndMalformedResourcesDoNotFailTheSummary() {
        Resource volume = scalar("disk", 100).toBuilder().setDisk(Resource.DiskInfo.newBuilder()
                .setPersistence(Resource.DiskInfo.Persistence.newBuilder().setId("v1"))).build();
        Resource backwards = ports(10, 5);
        ObjectNode summary = resources.summary(List.of(scalar("disk", 50), volume, backwards, scalar("cpus", 1)));
        assertEquals(150.0, summary.get("disk").asDouble());
        assertEquals(1.0, summary.get("cpus").asDouble());
    }

    @Test
    void revocableResourcesAreShownApart() {
        Resource revocable = scalar("cpus", 2).toBuilder().setRevocable(Resource.RevocableInfo.getDefaultInstance()).build();
        ObjectNode summary = resources.summary(List.of(scalar("cpus", 1), revocable));
        assertEquals(1.0, summary.get("cpus").asDouble());
        assertEquals(2.0, summary.get("cpus_revocable").asDouble());
        assertEquals(false, summary.has("mem_revocable"), "only what is revocable gets a _revocable entry");
    }

    @Test
    void reservationsAreKeyedByTheLastReservationsRoleOrTheLegacyRole() {
        Resource refined = reserved(reserved(scalar("cpus", 1), "eng"), "eng/web");
        Resource legacy = scalar("mem", 64).toBuilder().setRole("slave_public").build();
        Resource unreservedLegacy = scalar("mem", 32).toBuilder().setRole("*").build();
        List<Resource> list = List.of(scalar("cpus", 4), refined, legacy, unreservedLegacy);

        ObjectNode reserved = resources.byReservationRole(list);
        assertEquals(1.0, reserved.at("/eng~1web/cpus").asDouble());
        assertEquals(64.0, reserved.at("/slave_public/mem").asDouble());
        assertEquals(2, reserved.size());
        ObjectNode unreserved = resources.unreserved(list);
        assertEquals(4.0, unreserved.get("cpus").asDouble());
        assertEquals(32.0, unreserved.get("mem").asDouble());
        assertEquals(Optional.of("eng/web"), ResourceJson.reservationRole(refined));
        assertEquals(Optional.empty(), ResourceJson.reservationRole(unreservedLegacy));
    }

    @Test
    void attributesAreNumbersOrText() {
        ObjectNode attributes = resources.attributes(List.of(
                Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
                        .setText(Value.Text.newBuilder().setValue("r1")).build(),
                Attribute.newBuilder().setName("level").setType(Value.Type.SCALAR)
                        .setScalar(Value.Scalar.newBuilder().setValue(2)).build(),
                Attribute.newBuilder().setName("slots").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(1).setEnd(3))).build(),
                Attribute.newBuilder().setName("disks").setType(Value.Type.SET)
                        .setSet(Value.Set.newBuilder().addItem("ssd").addItem("hdd")).build()));
        assertEquals("{\"rack\":\"r1\",\"level\":2.0,\"slots\":\"[1-3]\",\"disks\":\"{hdd, ssd}\"}", attributes.toString());
    }
}

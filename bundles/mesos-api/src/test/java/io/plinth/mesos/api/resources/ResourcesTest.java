package io.plinth.mesos.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResourcesTest {

    private static final String EXAMPLE =
            "cpus:2;mem:1024;disk:4096;gpus:0;ports:[31000-32000,33000-33010];cpus(slave_public):2;zones:{a,b}";

    @Test
    void parsesMesosSyntaxAndPrintsItInNormalOrder() {
        Resources r = Resources.parse(EXAMPLE);
        // gpus:0 is dropped, reserved cpus follow unreserved cpus, unknown names come last
        assertEquals("cpus:2;cpus(slave_public):2;mem:1024;disk:4096;ports:[31000-32000,33000-33010];zones:{a,b}",
                r.toString());
        assertEquals(r, Resources.parse(r.toString()));
        assertEquals(4.0, r.scalar("cpus"));
        assertEquals(1024.0, r.scalar("mem"));
        assertEquals(0.0, r.scalar("gpus"));
        assertEquals(List.of(new Range(31000, 32000), new Range(33000, 33010)), r.ranges("ports"));
        assertEquals(Set.of("a", "b"), r.items("zones"));
        assertEquals(Set.of("*", "slave_public"), r.roles());
        assertEquals(Set.of("cpus", "mem", "disk", "ports", "zones"), r.names());
        assertEquals(6, r.size());
    }

    @Test
    void normalisesWhitespaceDuplicatesAndEmptyAmounts() {
        Resources r = Resources.parse(" cpus : 1 ; cpus:0.5;; ports:[ 10-12, 1-2, 3-4 ] ; mem:0; disks:{};range:[]; ");
        assertEquals("cpus:1.5;ports:[1-4,10-12]", r.toString());
        assertEquals(Resources.parse("ports:[1-4,10-12];cpus:1.5"), r);
        assertEquals(Resources.parse("ports:[1-4,10-12];cpus:1.5").hashCode(), r.hashCode());
        assertTrue(Resources.parse("").isEmpty());
        assertTrue(Resources.parse(" ; ").isEmpty());
        assertEquals("", Resources.empty().toString());
    }

    @Test
    void roundsScalarsToThreeDecimalsLikeMesosFixedPoint() {
        Resources r = Resources.parse("cpus:0.1;cpus:0.2;mem:1.23456;disk:0.0004");
        assertEquals(0.3, r.scalar("cpus"));
        assertEquals(1.235, r.scalar("mem"));
        assertFalse(r.names().contains("disk"), "rounds to 0 and is dropped");
        assertEquals("cpus:0.3;mem:1.235", r.toString());
        // ten tenths are exactly one: no drift when adding and subtracting many small amounts
        Resources tenth = Resources.parse("cpus:0.1");
        Resources sum = Resources.empty();
        for (int i = 0; i < 10; i++) {
            sum = sum.plus(tenth);
        }
        assertEquals(Resources.parse("cpus:1"), sum);
        for (int i = 0; i < 10; i++) {
            sum = sum.minus(tenth);
        }
        assertTrue(sum.isEmpty());
    }

    @Test
    void defaultRoleAppliesToEntriesWithoutOne() {
        Resources r = Resources.parse("cpus:2;mem(*):128;disk(other):5", "slave_public");
        assertEquals(Resources.parse("cpus(slave_public):2;mem:128;disk(other):5"), r);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cpus                 | cpus",
            "cpus:abc             | cpus:abc",
            "cpus:-1              | cpus:-1",
            "cpus:NaN             | cpus:NaN",
            "cpus:1:2             | cpus:1:2",
            "cpus:                | cpus:",
            "ports:[5-1]          | ports:[5-1]",
            "ports:[1-2           | ports:[1-2",
            "ports:[1-2,]         | ports:[1-2,]",
            "ports:[7]            | ports:[7]",
            "ports:[a-b]          | ports:[a-b]",
            "zones:{a,b           | zones:{a,b",
            "cpus(:1              | cpus(:1",
            "cpus(a)(b):1         | cpus(a)(b):1",
            "cpus(-a):1           | cpus(-a):1",
            "cpus():1             | cpus():1",
            "(a):1                | (a):1",
            "mem:1;x:1;x:[1-2]    | x:[1-2]",
    })
    void badInputIsRejectedNamingTheEntry(String text, String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resources.parse(text));
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
    }

    @Test
    void arithmetic() {
        Resources agent = Resources.parse("cpus:4;mem:8192;ports:[31000-32000];cpus(web):1");
        Resources task = Resources.parse("cpus:0.5;mem:256;ports:[31000-31000,31005-31006]");
        Resources rest = agent.minus(task);
        assertEquals(Resources.parse("cpus:3.5;mem:7936;ports:[31001-31004,31007-32000];cpus(web):1"), rest);
        assertEquals(agent, rest.plus(task));
        assertTrue(agent.contains(task));
        assertFalse(rest.contains(task));
        assertTrue(agent.contains(Resources.empty()));
        assertTrue(agent.contains(agent));
        // a reservation is not interchangeable with unreserved resources, either way round
        assertFalse(agent.contains(Resources.parse("cpus(web):2")));
        assertFalse(Resources.parse("cpus(web):4").contains(Resources.parse("cpus:1")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> rest.minus(Resources.parse("ports:[31005-31005]")));
        assertTrue(e.getMessage().contains("does not contain"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> agent.plus(Resources.parse("mem:[1-2]")));
        assertTrue(agent.minus(agent).isEmpty());
    }

    @Test
    void rolesAndReservations() {
        Resources r = Resources.parse("cpus:4;mem:100;cpus(slave_public):2;mem(slave_public):10;cpus(db):1");
        assertEquals(Resources.parse("cpus:4;mem:100"), r.unreserved());
        assertEquals(Resources.parse("cpus(slave_public):2;mem(slave_public):10"), r.reservedTo("slave_public"));
        assertEquals(Resources.parse("cpus:4;mem:100;cpus(db):1"), r.allocatableTo("db"));
        assertEquals(r.unreserved(), r.allocatableTo("nobody"));
        assertEquals(7.0, r.scalar("cpus"));
        assertTrue(r.reservedTo("nobody").isEmpty());
    }

    @Test
    void legacyProtoCarriesTheRoleField() {
        List<Protos.Resource> protos = Resources.parse("cpus:2;ports:[1-2];cpus(web):1;zones:{a}").toProto(null, false);
        assertEquals(4, protos.size());
        Protos.Resource cpus = protos.get(0);
        assertEquals("cpus", cpus.getName());
        assertEquals(Protos.Value.Type.SCALAR, cpus.getType());
        assertEquals(2.0, cpus.getScalar().getValue());
        assertEquals("*", roleField(cpus));
        assertEquals("web", roleField(protos.get(1)));
        assertEquals(0, protos.get(1).getReservationsCount());
        assertFalse(cpus.hasAllocationInfo());
        assertEquals(Protos.Value.Ranges.newBuilder()
                .addRange(Protos.Value.Range.newBuilder().setBegin(1).setEnd(2)).build(), protos.get(2).getRanges());
        assertEquals(List.of("a"), protos.get(3).getSet().getItemList());
    }

    @Test
    void refinedProtoCarriesStaticReservationsAndAllocationInfo() {
        List<Protos.Resource> protos = Resources.parse("cpus:2;cpus(web):1").toProto("web", true);
        Protos.Resource unreserved = protos.get(0);
        Protos.Resource reserved = protos.get(1);
        assertFalse(hasRoleField(unreserved));
        assertEquals(0, unreserved.getReservationsCount());
        assertFalse(hasRoleField(reserved));
        assertEquals(1, reserved.getReservationsCount());
        assertEquals(Protos.Resource.ReservationInfo.Type.STATIC, reserved.getReservations(0).getType());
        assertEquals("web", reserved.getReservations(0).getRole());
        assertEquals("web", unreserved.getAllocationInfo().getRole());
        assertEquals("web", reserved.getAllocationInfo().getRole());
    }

    @Test
    void fromProtoReadsBothReservationFormats() {
        Resources r = Resources.parse("cpus:2;mem:64;ports:[1-5];cpus(web):1;zones(web):{a,b}");
        assertEquals(r, Resources.fromProto(r.toProto(null, false)));
        assertEquals(r, Resources.fromProto(r.toProto("web", true)));
        Protos.Resource noRole = Protos.Resource.newBuilder().setName("mem").setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(3)).build();
        Protos.Resource refined = Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(1))
                .addReservations(Protos.Resource.ReservationInfo.newBuilder()
                        .setType(Protos.Resource.ReservationInfo.Type.STATIC).setRole("a"))
                .addReservations(Protos.Resource.ReservationInfo.newBuilder()
                        .setType(Protos.Resource.ReservationInfo.Type.DYNAMIC).setRole("a/b").setPrincipal("p"))
                .build();
        assertEquals(Resources.parse("mem:3;cpus(a/b):1"), Resources.fromProto(List.of(noRole, refined)));
    }

    @Test
    void fromProtoRejectsWhatTheModelCannotHold() {
        Protos.Resource text = Protos.Resource.newBuilder().setName("weird").setType(Protos.Value.Type.TEXT).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resources.fromProto(List.of(text)));
        assertTrue(e.getMessage().contains("'weird'"), e.getMessage());
        Protos.Resource revocable = Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(1))
                .setRevocable(Protos.Resource.RevocableInfo.getDefaultInstance()).build();
        assertThrows(IllegalArgumentException.class, () -> Resources.fromProto(List.of(revocable)));
        Protos.Resource negative = Protos.Resource.newBuilder().setName("cpus").setType(Protos.Value.Type.SCALAR)
                .setScalar(Protos.Value.Scalar.newBuilder().setValue(-1)).build();
        assertThrows(IllegalArgumentException.class, () -> Resources.fromProto(List.of(negative)));
    }

    @Test
    void stateJsonHasMesosShape() {
        Map<String, Object> json = Resources.parse(
                "cpus:3;cpus(web):1;mem:8192;ports:[31000-32000];ports(web):[33000-33010];zones:{b,a}").toStateJson();
        assertEquals(List.of("cpus", "mem", "disk", "gpus", "ports", "zones"), List.copyOf(json.keySet()));
        assertEquals(4.0, json.get("cpus"));
        assertEquals(8192.0, json.get("mem"));
        assertEquals(0.0, json.get("disk"));
        assertEquals(0.0, json.get("gpus"));
        assertEquals("[31000-32000, 33000-33010]", json.get("ports"));
        assertEquals("{a, b}", json.get("zones"));
        assertEquals(Map.of("cpus", 0.0, "mem", 0.0, "disk", 0.0, "gpus", 0.0), Resources.empty().toStateJson());
    }

    @Test
    void valuesAreImmutable() {
        Resources r = Resources.parse("ports:[1-2];zones:{a}");
        Resource ports = r.asList().get(0);
        assertThrows(UnsupportedOperationException.class, () -> ports.ranges().add(new Range(5, 6)));
        assertThrows(UnsupportedOperationException.class, () -> r.asList().get(1).items().add("b"));
        assertThrows(UnsupportedOperationException.class, () -> r.iterator().remove());
        java.util.ArrayList<Range> mine = new java.util.ArrayList<>(List.of(new Range(1, 2)));
        Resource copy = Resource.ofRanges("ports", "*", mine);
        mine.add(new Range(9, 9));
        assertEquals(List.of(new Range(1, 2)), copy.ranges());
    }

    @Test
    void rangeAlgebra() {
        List<Range> a = Range.coalesce(List.of(new Range(1, 10), new Range(20, 30)));
        assertEquals(List.of(new Range(1, 4), new Range(8, 10), new Range(26, 30)),
                Range.subtract(a, List.of(new Range(5, 7), new Range(15, 25))));
        assertEquals(List.of(), Range.subtract(a, List.of(new Range(0, 40))));
        assertTrue(Range.covers(a, List.of(new Range(2, 3), new Range(20, 30))));
        assertFalse(Range.covers(a, List.of(new Range(9, 21))));
        assertEquals(List.of(new Range(0, Long.MAX_VALUE)),
                Range.coalesce(List.of(new Range(5, Long.MAX_VALUE), new Range(0, 5), new Range(7, 9))));
        assertThrows(IllegalArgumentException.class, () -> new Range(-1, 2));
        assertEquals(1001, new Range(31000, 32000).size());
    }

    @SuppressWarnings("deprecation")
    private static String roleField(Protos.Resource r) {
        return r.getRole();
    }

    @SuppressWarnings("deprecation")
    private static boolean hasRoleField(Protos.Resource r) {
        return r.hasRole();
    }
}

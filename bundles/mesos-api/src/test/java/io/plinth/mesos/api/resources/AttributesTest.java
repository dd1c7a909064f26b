package io.plinth.mesos.api.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void parsesEachKindOfValue() {
        Attributes a = Attributes.parse("rack:a;zone:west;level:3;r:[3-4,1-2];disks:{ssd,hdd};ip:10.0.0.1;offset:-2");
        assertEquals(List.of(
                new Attribute("rack", new AttributeValue.Text("a")),
                new Attribute("zone", new AttributeValue.Text("west")),
                new Attribute("level", new AttributeValue.Scalar(3)),
                new Attribute("r", new AttributeValue.Ranges(List.of(new Range(1, 4)))),
                new Attribute("disks", AttributeValue.Set.of(List.of("hdd", "ssd"))),
                new Attribute("ip", new AttributeValue.Text("10.0.0.1")),
                new Attribute("offset", new AttributeValue.Scalar(-2))), a.asList());
        assertEquals("rack:a;zone:west;level:3;r:[1-4];disks:{hdd,ssd};ip:10.0.0.1;offset:-2", a.toString());
        assertEquals(a, Attributes.parse(a.toString()));
        assertEquals(Optional.of(new AttributeValue.Text("west")), a.get("zone"));
        assertEquals(Optional.empty(), a.get("nothing"));
        assertTrue(Attributes.parse("").isEmpty());
    }

    @Test
    void convertsToAndFromProtos() {
        Attributes a = Attributes.parse("rack:a;level:3.5;r:[1-2];disks:{ssd}");
        List<Protos.Attribute> protos = a.toProto();
        assertEquals(Protos.Attribute.newBuilder().setName("rack").setType(Protos.Value.Type.TEXT)
                .setText(Protos.Value.Text.newBuilder().setValue("a")).build(), protos.get(0));
        assertEquals(3.5, protos.get(1).getScalar().getValue());
        assertEquals(Protos.Value.Type.RANGES, protos.get(2).getType());
        assertEquals(List.of("ssd"), protos.get(3).getSet().getItemList());
        assertEquals(a, Attributes.fromProto(protos));
    }

    @Test
    void stateJsonHasMesosShape() {
        Map<String, Object> json = Attributes.parse("rack:a;level:3;r:[1-2,5-6];disks:{b,a}").toStateJson();
        assertEquals(Map.of("rack", "a", "level", 3.0, "r", "[1-2, 5-6]", "disks", "{a, b}"), json);
        assertEquals(List.of("rack", "level", "r", "disks"), List.copyOf(json.keySet()));
    }

    @Test
    void badInputIsRejectedNamingTheEntry() {
        for (String bad : List.of("rack", "rack:", "rack:a:b", "r:[2-1]", "r:[1-2", "s:{a", ":x", "a b:c")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Attributes.parse("ok:1;" + bad));
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new AttributeValue.Text("12"));
    }
}

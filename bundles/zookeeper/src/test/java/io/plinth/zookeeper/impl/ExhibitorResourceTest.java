package io.plinth.zookeeper.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.zookeeper.api.MemberStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExhibitorResourceTest {

    /** Exhibitor's field names, isLeader included (Jackson would make "leader" of a bean's isLeader()). */
    @Test
    void statusHasExhibitorsJsonFields() throws Exception {
        ExhibitorResource resource = new ExhibitorResource(() -> List.of(
                new MemberStatus("10.0.0.1", 3, "serving", true),
                new MemberStatus("10.0.0.2", 1, "down", false)));

        String json = new ObjectMapper().writeValueAsString(resource.status());

        assertEquals("[{\"hostname\":\"10.0.0.1\",\"code\":3,\"description\":\"serving\",\"isLeader\":true},"
                + "{\"hostname\":\"10.0.0.2\",\"code\":1,\"description\":\"down\",\"isLeader\":false}]", json);
    }
}

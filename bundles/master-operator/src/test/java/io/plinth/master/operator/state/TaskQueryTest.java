package io.plinth.master.operator.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskQueryTest {

    @Test
    void absentParametersTakeMesosDefaults() {
        assertEquals(new TaskQuery(100, 0, TaskQuery.Order.DES, Optional.empty(), Optional.empty()),
                TaskQuery.parse(null, "", null, "", null));
    }

    @Test
    void parametersAreRead() {
        assertEquals(new TaskQuery(5, 10, TaskQuery.Order.ASC, Optional.of("fw"), Optional.of("t")),
                TaskQuery.parse("5", "10", "asc", "fw", "t"));
    }

    @Test
    void invalidParametersAreNamed() {
        assertEquals("Query parameter 'limit' must be a non-negative integer, not 'ten'",
                assertThrows(IllegalArgumentException.class, () -> TaskQuery.parse("ten", null, null, null, null)).getMessage());
        assertEquals("Query parameter 'offset' must be a non-negative integer, not '-1'",
                assertThrows(IllegalArgumentException.class, () -> TaskQuery.parse(null, "-1", null, null, null)).getMessage());
        assertEquals("Query parameter 'order' must be 'asc' or 'des', not 'up'",
                assertThrows(IllegalArgumentException.class, () -> TaskQuery.parse(null, null, "up", null, null)).getMessage());
    }
}

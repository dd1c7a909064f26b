package io.plinth.master.operator.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plinth.master.operator.state.ClusterTables.AgentRow;
import io.plinth.master.operator.state.ClusterTables.FrameworkRow;
import io.plinth.master.operator.state.ClusterTables.OfferRow;
import io.plinth.master.operator.state.ClusterTables.TaskRow;
import io.plinth.master.operator.testing.Fixtures;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterTablesTest {

    private final ClusterTables tables = new ClusterTables(new Json());

    @Test
    void agentsShowUsageRolesAndState() {
        List<AgentRow> rows = tables.agents(Fixtures.state());
        assertEquals(new AgentRow("S0", "a1.example", "*,slave_public", "active", 1.5, 5, 1024, 8192, 0, 10000,
                "rack:r1;level:2.0"), rows.get(0));
        assertEquals("unreachable", rows.get(1).state());
        assertEquals("*", rows.get(1).roles());
    }

    @Test
    void frameworksCountTheirLiveTasks() {
        List<FrameworkRow> rows = tables.frameworks(Fixtures.state());
        assertEquals(new FrameworkRow("fw-1", "marathon", "*", true, true, 2, 1.5, 1024), rows.get(0));
        assertEquals(new FrameworkRow("fw-2", "metronome", "dev,prod", false, false, 1, 0, 0), rows.get(1));
    }

    @Test
    void tasksAreFilteredByFrameworkAndAgentNameOrId() {
        assertEquals(List.of("web.2", "web.1", "job.1"),
                tables.tasks(Fixtures.state(), Optional.empty(), Optional.empty(), false).stream().map(TaskRow::id).toList());
        assertEquals(List.of("web.2", "web.1", "job.1", "web.0", "old.1"),
                tables.tasks(Fixtures.state(), Optional.empty(), Optional.empty(), true).stream().map(TaskRow::id).toList());
        assertEquals(List.of("web.2", "web.1", "web.0"),
                tables.tasks(Fixtures.state(), Optional.of("marathon"), Optional.empty(), true).stream().map(TaskRow::id).toList());
        assertEquals(List.of("job.1"),
                tables.tasks(Fixtures.state(), Optional.of("fw-2"), Optional.of("a2.example"), true).stream().map(TaskRow::id).toList());
        TaskRow running = tables.tasks(Fixtures.state(), Optional.empty(), Optional.of("S0"), false).get(1);
        assertEquals(new TaskRow("web.1", "web", "fw-1", "marathon", "S0", "a1.example", "TASK_RUNNING", 1, 512), running);
    }

    @Test
    void offersShowTheirNonZeroResources() {
        List<OfferRow> rows = tables.offers(Fixtures.state(), Fixtures.outstandingOffers());
        assertEquals(new OfferRow("o-1", "fw-1", "marathon", "S0", "a1.example", "cpus:2.0 mem:2048.0"), rows.get(0));
        assertEquals(new OfferRow("o-2", "fw-2", "metronome", "S1", "a2.example", "cpus:1.0 ports:[31000-31000]"), rows.get(1));
    }

    @Test
    void idsForCompletion() {
        assertEquals(List.of("S0", "S1"), tables.agentIds(Fixtures.state()));
        assertEquals(List.of("fw-1", "fw-2"), tables.frameworkIds(Fixtures.state()));
    }
}

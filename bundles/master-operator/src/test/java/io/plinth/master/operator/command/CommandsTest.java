package io.plinth.master.operator.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.master.operator.testing.FakeLeaderDetector;
import io.plinth.master.operator.testing.FakeResourceManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.Test;

class CommandsTest {

    private final FakeResourceManager manager = new FakeResourceManager();

    /** What the command prints; Karaf gives each session its own System.out, a test borrows the JVM's. */
    private static String run(Action command) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            command.execute();
        } finally {
            System.setOut(original);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void agentsShowUsageOfTotals() throws Exception {
        AgentsCommand command = new AgentsCommand();
        command.manager = manager;
        String out = run(command);
        assertTrue(out.contains("Hostname"), out);
        assertTrue(out.contains("a1.example"), out);
        assertTrue(out.contains("*,slave_public"), out);
        assertTrue(out.contains("1.5/5"), out);
        assertTrue(out.contains("1024/8192"), out);
        assertTrue(out.contains("rack:r1;level:2.0"), out);
        assertTrue(out.contains("unreachable"), out);

        command.agent = "a2.example";
        String one = run(command);
        assertTrue(one.contains("S1"), one);
        assertFalse(one.contains("a1.example"), one);
    }

    @Test
    void frameworksTasksAndOffersAreListed() throws Exception {
        FrameworksCommand frameworks = new FrameworksCommand();
        frameworks.manager = manager;
        String out = run(frameworks);
        assertTrue(out.contains("marathon") && out.contains("metronome") && out.contains("dev,prod"), out);

        TasksCommand tasks = new TasksCommand();
        tasks.manager = manager;
        tasks.framework = "marathon";
        String taskList = run(tasks);
        assertTrue(taskList.contains("web.1") && taskList.contains("TASK_RUNNING") && taskList.contains("a1.example"), taskList);
        assertFalse(taskList.contains("job.1"), taskList);
        assertFalse(taskList.contains("web.0"), "completed tasks only with --completed");
        tasks.completed = true;
        assertTrue(run(tasks).contains("web.0"));

        OffersCommand offers = new OffersCommand();
        offers.manager = manager;
        String offerList = run(offers);
        assertTrue(offerList.contains("o-1") && offerList.contains("cpus:2.0 mem:2048.0"), offerList);
        assertTrue(offerList.contains("o-2") && offerList.contains("metronome"), offerList);
    }

    @Test
    void onAnotherMasterTheCommandsPointAtTheLeader() throws Exception {
        for (Action command : commands(FakeLeaderDetector.of(FakeLeaderDetector.OTHER_MASTER))) {
            assertEquals("This master is not the leader; the leader is 10.0.0.9:5050" + System.lineSeparator(), run(command));
        }
        for (Action command : commands(FakeLeaderDetector.none())) {
            assertEquals("This master is not the leader, and no leader is known" + System.lineSeparator(), run(command));
        }
    }

    @Test
    void amountsDropANeedlessFraction() {
        assertEquals("0.5/4", Amounts.usedOfTotal(0.5, 4.0));
        assertEquals("1024", Amounts.amount(1024.0));
        assertEquals("0", Amounts.amount(0.0));
    }

    private static List<Action> commands(FakeLeaderDetector detector) {
        List<Action> commands = new ArrayList<>();
        AgentsCommand agents = new AgentsCommand();
        agents.detector = detector;
        commands.add(agents);
        FrameworksCommand frameworks = new FrameworksCommand();
        frameworks.detector = detector;
        commands.add(frameworks);
        TasksCommand tasks = new TasksCommand();
        tasks.detector = detector;
        commands.add(tasks);
        OffersCommand offers = new OffersCommand();
        offers.detector = detector;
        commands.add(offers);
        return commands;
    }
}

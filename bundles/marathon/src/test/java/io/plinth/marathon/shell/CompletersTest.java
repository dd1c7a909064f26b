package io.plinth.marathon.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.jupiter.api.Test;

class CompletersTest {

    private final FakeMarathon marathon = new FakeMarathon();

    /** The candidates the completer offers for the word being typed (the command's first argument). */
    private static List<String> candidates(Completer completer, String typed) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, new Typed(typed), candidates);
        return candidates.stream().map(String::strip).sorted().toList();
    }

    @Test
    void appIdsComeFromTheWholeGroupTree() {
        AppIdCompleter completer = new AppIdCompleter();
        completer.marathon = marathon;
        assertEquals(List.of("/db/redis", "/web"), candidates(completer, ""));
        assertEquals(List.of("/db/redis"), candidates(completer, "/d"));
        assertEquals(List.of(), candidates(completer, "/x"));
    }

    @Test
    void deploymentAndTaskIdsComeFromTheScheduler() {
        DeploymentIdCompleter deployments = new DeploymentIdCompleter();
        deployments.marathon = marathon;
        assertEquals(List.of("d-1"), candidates(deployments, ""));

        TaskIdCompleter tasks = new TaskIdCompleter();
        tasks.marathon = marathon;
        assertEquals(List.of("db_redis.t1", "web.t1", "web.t2", "web.t3"), candidates(tasks, ""));
        assertEquals(List.of("web.t1", "web.t2", "web.t3"), candidates(tasks, "web"));
    }

    @Test
    void withoutTheSchedulerNothingIsOffered() {
        assertEquals(List.of(), candidates(new AppIdCompleter(), ""));
        assertEquals(List.of(), candidates(new DeploymentIdCompleter(), ""));
        assertEquals(List.of(), candidates(new TaskIdCompleter(), ""));
    }

    /** "command typed" with the cursor at the end of the typed word. */
    private record Typed(String word) implements CommandLine {

        @Override
        public int getCursorArgumentIndex() {
            return 1;
        }

        @Override
        public String getCursorArgument() {
            return word;
        }

        @Override
        public int getArgumentPosition() {
            return word.length();
        }

        @Override
        public String[] getArguments() {
            return new String[] {"app-show", word};
        }

        @Override
        public int getBufferPosition() {
            return getBuffer().length();
        }

        @Override
        public String getBuffer() {
            return "app-show " + word;
        }
    }
}

package io.plinth.agent;

import io.plinth.agent.api.Containerizer;
import io.plinth.agent.core.AgentCore;
import io.plinth.agent.core.AgentIdFile;
import io.plinth.agent.core.AgentSettings;
import io.plinth.agent.core.TaskStore;
import io.plinth.agent.link.LinkSettings;
import io.plinth.agent.link.MasterLink;
import io.plinth.coordination.api.LeaderDetector;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** What the agent components share: how an agent is wired and the threads and client its link uses. */
final class Agents {

    private Agents() {
    }

    /** Wires and starts one agent: core, persisted id and tasks, link. */
    static MasterLink start(String name, AgentSettings settings, Containerizer containerizer, TaskStore store,
                            Consumer<Path> sandboxDone, LeaderDetector detector, HttpClient http,
                            ScheduledExecutorService scheduler) {
        return new MasterLink(LinkSettings.defaults(name), detector, http, scheduler,
                outbox -> new AgentCore(settings, containerizer, new AgentIdFile(settings.workDir()), store, sandboxDone,
                        outbox, Clock.systemUTC()));
    }

    /**
     * HTTP/1.1 only: the link's event stream is a long chunked response, and a plain-text HTTP/2
     * upgrade attempt would buy nothing. Redirects are followed by the link itself, which also
     * re-reads the leader.
     */
    static HttpClient httpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** One thread for the ticks of all links of a component; daemon, so it never holds the JVM. */
    static ScheduledExecutorService scheduler(String name) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return Executors.newSingleThreadScheduledExecutor(threads);
    }
}

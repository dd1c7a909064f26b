package io.plinth.agent.http.testing;

import io.plinth.agent.api.AgentRuntime;
import io.plinth.agent.api.AgentView;
import io.plinth.agent.api.ContainerUsage;
import java.nio.file.Path;
import java.util.List;

/** An agent whose view and usage a test sets; thread-safe. */
public final class FakeAgentRuntime implements AgentRuntime {

    private volatile AgentView view;
    private volatile List<ContainerUsage> usage = List.of();

    public FakeAgentRuntime(AgentView view) {
        this.view = view;
    }

    public void setView(AgentView view) {
        this.view = view;
    }

    public void setUsage(List<ContainerUsage> usage) {
        this.usage = List.copyOf(usage);
    }

    @Override
    public AgentView view() {
        return view;
    }

    @Override
    public Path workDir() {
        return view.workDir();
    }

    @Override
    public List<ContainerUsage> usage() {
        return usage;
    }
}

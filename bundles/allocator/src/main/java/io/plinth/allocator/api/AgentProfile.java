package io.plinth.allocator.api;

import java.util.Objects;

/** What the allocator knows of an agent besides its resources. */
public record AgentProfile(String hostname) {

    public AgentProfile {
        Objects.requireNonNull(hostname, "hostname");
    }
}

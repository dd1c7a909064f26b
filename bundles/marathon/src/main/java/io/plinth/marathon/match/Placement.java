package io.plinth.marathon.match;

import io.plinth.mesos.api.resources.Attributes;
import java.util.Objects;

/**
 * Where an active task of an app runs: what the constraints of its app look at.
 *
 * @param appId      the absolute app id ({@code /prod/web})
 * @param agentId    the agent running the task
 * @param hostname   that agent's hostname
 * @param attributes that agent's attributes
 */
public record Placement(String appId, String agentId, String hostname, Attributes attributes) {

    public Placement {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hostname, "hostname");
        attributes = attributes == null ? Attributes.empty() : attributes;
    }
}

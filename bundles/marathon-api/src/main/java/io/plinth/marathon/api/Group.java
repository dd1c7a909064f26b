package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A group of apps and groups, as {@code GET /v2/groups/{id}} shows it. The root group has id
 * {@code /}. Apps and groups are sorted by id. {@code dependencies} are absolute ids of apps or groups
 * that must be deployed before this group's members.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Group(String id, List<AppDefinition> apps, List<Group> groups, List<String> dependencies, String version) {

    public static final String ROOT = "/";

    public Group {
        apps = apps == null ? List.of() : List.copyOf(apps);
        groups = groups == null ? List.of() : List.copyOf(groups);
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /** Marathon shows pods in groups; Plinth has none. */
    @JsonProperty(value = "pods", access = JsonProperty.Access.READ_ONLY)
    public List<Object> pods() {
        return List.of();
    }
}

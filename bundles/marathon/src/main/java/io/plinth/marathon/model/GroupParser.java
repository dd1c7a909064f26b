package io.plinth.marathon.model;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.marathon.api.AppDefinition;
import io.plinth.marathon.api.Group;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a group definition from the JSON of {@code POST /v2/groups} or {@code PUT /v2/groups/{id}}:
 * its apps (full definitions, ids relative to their group) and groups, recursively. The result is the
 * complete new subtree; the caller puts it into the root with {@link Groups#putGroup} and checks the
 * whole tree with {@link Groups#validateRoot}. The REST layer handles the {@code scaleBy} and
 * {@code version} (rollback) forms of the request itself.
 *
 * <p>Stateless; safe to call from any thread if the {@link AppParser}'s callbacks are.
 */
public final class GroupParser {

    private final AppParser apps;

    public GroupParser(AppParser apps) {
        this.apps = apps;
    }

    /**
     * Parses one group.
     *
     * @param json    the request body
     * @param id      the group id of the request path ({@code /} for {@code POST /v2/groups}); a relative
     *                {@code id} in the body is taken against its parent, no {@code id} means this one
     * @param current the stored group at the resulting id, or null: its apps and groups lend their
     *                versions to the members of the same id
     */
    public Parsed<Group> parse(JsonNode json, String id, Group current) {
        if (json == null || !json.isObject()) {
            return Parsed.failed(List.of(new Violation("/", "expected a JSON object")));
        }
        List<Violation> violations = new ArrayList<>();
        String pathId = PathIds.canonical(id, Group.ROOT);
        Fields f = new Fields(json, "", violations);
        String given = f.string("id");
        String groupId = given == null ? pathId : PathIds.canonical(given, PathIds.parent(pathId));
        Group group = group(f, groupId, current, violations);
        return violations.isEmpty() ? Parsed.of(group) : Parsed.failed(violations);
    }

    private Group group(Fields f, String groupId, Group current, List<Violation> violations) {
        if (!groupId.equals(Group.ROOT)) {
            PathIds.problem(groupId).ifPresent(problem -> f.violation("id", problem));
        }
        Set<String> memberIds = new HashSet<>();
        List<AppDefinition> parsedApps = new ArrayList<>();
        List<Fields> appFields = f.objects("apps");
        if (appFields != null) {
            for (int i = 0; i < appFields.size(); i++) {
                String at = f.pathOf("apps(" + i + ")");
                JsonNode appJson = f.raw("apps").get(i);
                Parsed<AppDefinition> parsed = apps.parse(appJson, groupId, storedApp(current, appJson, groupId), false);
                parsed.violations().forEach(violation -> violations.add(violation.under(at)));
                if (parsed.ok()) {
                    checkMember(parsed.value().id(), groupId, memberIds, at, violations);
                    parsedApps.add(parsed.value());
                }
            }
        }
        List<Group> parsedGroups = new ArrayList<>();
        List<Fields> groupFields = f.objects("groups");
        if (groupFields != null) {
            for (Fields child : groupFields) {
                String given = child.string("id");
                if (given == null) {
                    child.violation("id", "a nested group needs an id");
                    continue;
                }
                String childId = PathIds.canonical(given, groupId);
                Group stored = current == null ? null : Groups.find(current, childId).orElse(null);
                parsedGroups.add(group(child, childId, stored, violations));
                checkMember(childId, groupId, memberIds, child.path(), violations);
            }
        }
        List<String> dependencies = f.strings("dependencies");
        List<String> resolved = dependencies == null ? List.of()
                : dependencies.stream().map(dependency -> PathIds.canonical(dependency, groupId)).toList();
        for (int i = 0; i < resolved.size(); i++) {
            int index = i;
            PathIds.problem(resolved.get(i)).ifPresent(problem -> f.violation("dependencies(" + index + ")", problem));
        }
        JsonNode pods = f.raw("pods");
        if (pods != null && !pods.isEmpty()) {
            f.violation("pods", "pods are not supported");
        }
        return new Group(groupId,
                parsedApps.stream().sorted(Comparator.comparing(AppDefinition::id)).toList(),
                parsedGroups.stream().sorted(Comparator.comparing(Group::id)).toList(),
                resolved, current == null ? null : current.version());
    }

    private static AppDefinition storedApp(Group current, JsonNode appJson, String groupId) {
        JsonNode givenId = appJson.get("id");
        if (current == null || givenId == null || !givenId.isTextual()) {
            return null;
        }
        return Groups.app(current, PathIds.canonical(givenId.textValue(), groupId)).orElse(null);
    }

    private static void checkMember(String memberId, String groupId, Set<String> memberIds, String at,
                                    List<Violation> violations) {
        if (!PathIds.parent(memberId).equals(groupId) || memberId.equals(groupId)) {
            violations.add(new Violation(at + "/id", memberId + " is not a direct member of group " + groupId
                    + "; use an id relative to the group"));
        } else if (!memberIds.add(memberId)) {
            violations.add(new Violation(at + "/id", memberId + " is given twice in group " + groupId));
        }
    }
}

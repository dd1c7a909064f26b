package io.plinth.agent.core;

import io.plinth.mesos.api.resources.Attributes;
import io.plinth.mesos.api.resources.ResourceDetector;
import io.plinth.mesos.api.resources.Resources;
import java.nio.file.Path;
import java.util.List;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Resource;

/**
 * Turns an agent's configured text into what {@code AgentInfo} carries. Unreserved resources,
 * written without a role or detected, belong to the agent's default role: a static reservation
 * unless that role is {@code *}, like Mesos' {@code --default_role}.
 */
public final class AgentResources {

    private AgentResources() {
    }

    /**
     * The configured resources ({@code cpus:4;mem:8192;ports:[31000-32000]}).
     *
     * @throws IllegalArgumentException naming the bad entry or role
     */
    public static List<Resource> configured(String text, String defaultRole) {
        return toProto(Resources.parse(text, defaultRole));
    }

    /**
     * The configured resources completed with detected cpus, mem, disk and ports for names the text
     * does not mention; all of them when the text is empty.
     */
    public static List<Resource> detected(String text, String defaultRole, Path workDir, ResourceDetector detector) {
        Resources configured = Resources.parse(text, defaultRole);
        Resources complete = detector.withDefaults(configured, workDir);
        // the detector adds unreserved amounts; the default role applies to them as to written ones
        return toProto(Resources.of(complete.stream()
                .map(r -> r.isReserved() ? r : r.withRole(defaultRole)).toList()));
    }

    /**
     * Attributes ({@code rack:a;zone:west}).
     *
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<Attribute> attributes(String text) {
        return Attributes.parse(text).toProto();
    }

    /** Refined reservations, as Mesos agents since 1.4 send them; the master reads either form. */
    private static List<Resource> toProto(Resources resources) {
        return resources.toProto(null, true);
    }
}

package io.plinth.agent.process.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * The environment a task's command sees: what Mesos' command executor sets ({@code MESOS_*}), what
 * Marathon tasks expect ({@code HOST}, {@code PORT0..n}, {@code PORT}, {@code PORTS},
 * {@code PORT_<NAME>}), then the task's own variables, which win. Pure.
 */
public final class TaskEnvironment {

    private TaskEnvironment() {
    }

    /**
     * @param base the variables every task inherits from the agent ({@code PATH}, ...)
     */
    public static Map<String, String> of(Map<String, String> base, AgentID agentId, String hostname,
                                         FrameworkID frameworkId, TaskInfo task, Path sandbox) {
        Map<String, String> env = new LinkedHashMap<>(base);
        env.put("MESOS_SANDBOX", sandbox.toString());
        env.put("MESOS_DIRECTORY", sandbox.toString());
        env.put("MESOS_TASK_ID", task.getTaskId().getValue());
        env.put("MESOS_EXECUTOR_ID", task.getTaskId().getValue());
        env.put("MESOS_FRAMEWORK_ID", frameworkId.getValue());
        env.put("MESOS_AGENT_ID", agentId.getValue());
        env.put("MESOS_SLAVE_ID", agentId.getValue());
        env.put("HOST", hostname);
        List<Long> ports = ports(task.getResourcesList());
        List<String> texts = new ArrayList<>(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            env.put("PORT" + i, Long.toString(ports.get(i)));
            texts.add(Long.toString(ports.get(i)));
        }
        if (!ports.isEmpty()) {
            env.put("PORT", Long.toString(ports.get(0)));
            env.put("PORTS", String.join(",", texts));
        }
        if (task.hasDiscovery() && task.getDiscovery().hasPorts()) {
            for (Port port : task.getDiscovery().getPorts().getPortsList()) {
                if (port.hasName() && !port.getName().isEmpty()) {
                    env.put("PORT_" + variableName(port.getName()), Integer.toString(port.getNumber()));
                }
            }
        }
        if (task.hasCommand() && task.getCommand().hasEnvironment()) {
            for (Environment.Variable variable : task.getCommand().getEnvironment().getVariablesList()) {
                if (variable.getType() != Environment.Variable.Type.SECRET) {
                    env.put(variable.getName(), variable.getValue());
                }
            }
        }
        return env;
    }

    /** The task's host ports in the order its resources name them, ranges expanded. */
    static List<Long> ports(List<Resource> resources) {
        List<Long> ports = new ArrayList<>();
        for (Resource resource : resources) {
            if (resource.getName().equals("ports") && resource.getType() == Value.Type.RANGES) {
                for (Value.Range range : resource.getRanges().getRangeList()) {
                    for (long port = range.getBegin(); port <= range.getEnd() && ports.size() < 65536; port++) {
                        ports.add(port);
                    }
                }
            }
        }
        return ports;
    }

    /** {@code http-api} → {@code HTTP_API}: a port name as part of a variable name. */
    static String variableName(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toUpperCase(Locale.ROOT).toCharArray()) {
            out.append(Character.isLetterOrDigit(c) && c < 128 ? c : '_');
        }
        return out.toString();
    }
}

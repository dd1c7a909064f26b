package io.plinth.master.core;

import java.util.List;
import org.apache.mesos.v1.Protos.AgentInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * The durable part of the master's state (Mesos' registry): which agents and frameworks exist, so a
 * new leader knows whom to wait for. Tasks are not in it: agents report them when they re-register.
 * Writes are synchronous; a failing write throws and the master leaves its state unchanged.
 */
public interface Registry {

    List<AgentInfo> agents();

    List<FrameworkInfo> frameworks();

    void putAgent(AgentInfo agent);

    void removeAgent(String agentId);

    void putFramework(FrameworkInfo framework);

    void removeFramework(String frameworkId);
}

package io.plinth.master.operator.state;

import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.master.Protos.Response.GetAgents;

/** The libprocess-style addresses ({@code master@ip:port}, {@code slave(1)@host:port}) Mesos' v0 documents show. */
public final class Addresses {

    private Addresses() {
    }

    /**
     * The master's dotted IPv4 address: {@code address.ip} if set, else the uint32 {@code ip}, which
     * Mesos fills with the address bytes in network order read as a little-endian integer.
     */
    public static String ip(MasterInfo master) {
        if (master.hasAddress() && master.getAddress().hasIp() && !master.getAddress().getIp().isEmpty()) {
            return master.getAddress().getIp();
        }
        long ip = Integer.toUnsignedLong(master.getIp());
        return (ip & 0xFF) + "." + ((ip >> 8) & 0xFF) + "." + ((ip >> 16) & 0xFF) + "." + ((ip >> 24) & 0xFF);
    }

    /** {@code master@ip:port}: the master's {@code pid} if it has one, else built from its address. */
    public static String pid(MasterInfo master) {
        if (master.hasPid() && !master.getPid().isEmpty()) {
            return master.getPid();
        }
        return "master@" + ip(master) + ":" + master.getPort();
    }

    /**
     * {@code slave(1)@host:port}: the agent's {@code pid} if the master recorded one, else built from
     * its hostname, since {@code AgentInfo} carries no IP address.
     */
    public static String pid(GetAgents.Agent agent) {
        if (agent.hasPid() && !agent.getPid().isEmpty()) {
            return agent.getPid();
        }
        return "slave(1)@" + agent.getAgentInfo().getHostname() + ":" + agent.getAgentInfo().getPort();
    }
}

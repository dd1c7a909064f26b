package io.plinth.dns.core.model;

/** An agent: id (AgentID value), hostname, ip (IPv4 dotted, from its pid "slave(1)@ip:port" or address). */
public record Agent(String id, String hostname, String ip) {
}

package io.plinth.dns.core.model;

/** One DiscoveryInfo port: number, optional name and optional protocol ("tcp", "udp"; empty means both). */
public record DiscoveryPort(int number, String name, String protocol) {
}

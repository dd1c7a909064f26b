package io.plinth.dns.core.model;

/** A master: hostname may equal ip. port = HTTP API port (5050 in Mesos). */
public record Master(String hostname, String ip, int port) {
}

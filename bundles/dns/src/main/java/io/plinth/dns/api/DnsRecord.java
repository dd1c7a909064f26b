package io.plinth.dns.api;

import java.util.Objects;

/**
 * One resource record in presentation form.
 *
 * @param name absolute name with its trailing dot, lower case
 * @param type mnemonic: {@code A}, {@code SRV}, {@code SOA}, {@code NS}, ...
 * @param ttl  seconds
 * @param data the record data as a zone file writes it ({@code 10.0.0.1}, {@code 0 0 31000 web.marathon.slave.mesos.})
 */
public record DnsRecord(String name, String type, long ttl, String data) {

    public DnsRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }
}

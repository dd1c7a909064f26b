package io.plinth.dns.api;

import java.util.List;

/**
 * The DNS server of this master node, registered while it serves. Thread-safe; every call reads the
 * current immutable snapshot of records, so consecutive calls may see different snapshots.
 */
public interface DnsService {

    /**
     * Answers {@code name} of {@code type} exactly as the server answers a client on loopback: records of
     * the domain from the snapshot, other names forwarded to the upstream resolvers if there are any.
     *
     * @param name a domain name, absolute or not (a trailing dot is added)
     * @param type a record type mnemonic such as {@code A}, {@code SRV}, {@code SOA}, {@code ANY}
     * @throws IllegalArgumentException if {@code name} is not a domain name or {@code type} not a record type
     */
    DnsAnswer lookup(String name, String type);

    /** Every record of the snapshot, sorted by name, A before SRV. */
    List<DnsRecord> records();

    /** Where the server listens, what it follows and how much it has answered. */
    DnsStatus status();
}

package io.plinth.dns.api;

import java.util.Map;
import java.util.Optional;

/**
 * What the DNS server of this node is doing.
 *
 * @param domain    the domain it is authoritative for, without trailing dot ({@code mesos})
 * @param udpPort   port of the UDP listener
 * @param tcpPort   port of the TCP listener
 * @param httpPort  port of the Mesos-DNS HTTP API
 * @param serial    SOA serial of the current snapshot (0 before the first state arrived)
 * @param names     names in the snapshot
 * @param records   records in the snapshot
 * @param following the master ({@code ip:port}) whose event stream the records follow, if subscribed
 * @param queries   queries received since start
 * @param answers   answers sent since start, by rcode mnemonic
 */
public record DnsStatus(String domain, int udpPort, int tcpPort, int httpPort, long serial, int names, int records,
                        Optional<String> following, long queries, Map<String, Long> answers) {

    public DnsStatus {
        answers = Map.copyOf(answers);
    }
}

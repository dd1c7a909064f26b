package io.plinth.dns.api;

import java.util.List;

/**
 * The server's response to one question.
 *
 * @param rcode      {@code NOERROR}, {@code NXDOMAIN}, {@code REFUSED}, {@code SERVFAIL}, ...
 * @param answer     the answer section
 * @param authority  the authority section (the SOA of a negative answer)
 * @param additional the additional section (addresses of SRV targets)
 */
public record DnsAnswer(String rcode, List<DnsRecord> answer, List<DnsRecord> authority, List<DnsRecord> additional) {

    public DnsAnswer {
        answer = List.copyOf(answer);
        authority = List.copyOf(authority);
        additional = List.copyOf(additional);
    }
}

package io.plinth.dns.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Message;
import org.xbill.DNS.SimpleResolver;

/**
 * Forwards queries to the configured resolvers with dnsjava, trying each in order until one answers.
 *
 * <p>Each resolver gets the configured timeout; a UDP answer with the TC bit is retried over TCP by dnsjava.
 * A resolver that answers at all (even SERVFAIL or NXDOMAIN) ends the search, as in Mesos-DNS; only
 * transport failures move on to the next one. Thread-safe; blocks the calling thread.
 */
public final class ResolverUpstream implements Upstream {
    private static final int DNS_PORT = 53;

    private final List<SimpleResolver> resolvers;

    /**
     * @param resolvers Mesos-DNS style addresses: {@code "8.8.8.8"}, {@code "10.0.0.2:5353"}, {@code "::1"} or
     *                  {@code "[::1]:5353"}; port 53 when none is given
     * @throws IllegalArgumentException naming an entry that is not an address
     */
    public ResolverUpstream(List<String> resolvers, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        this.resolvers = resolvers.stream().map(text -> resolver(text, timeout)).toList();
    }

    @Override
    public Message forward(Message query) throws IOException {
        IOException last = null;
        for (SimpleResolver resolver : resolvers) {
            try {
                return resolver.send(query);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no resolvers configured");
    }

    private static SimpleResolver resolver(String text, Duration timeout) {
        SimpleResolver resolver = new SimpleResolver(address(text));
        resolver.setTimeout(timeout);
        return resolver;
    }

    static InetSocketAddress address(String text) {
        String trimmed = text.trim();
        String host;
        int port = DNS_PORT;
        try {
            if (trimmed.startsWith("[")) {
                int close = trimmed.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("resolvers: unbalanced brackets in " + text);
                }
                host = trimmed.substring(1, close);
                if (close + 1 < trimmed.length()) {
                    if (trimmed.charAt(close + 1) != ':') {
                        throw new IllegalArgumentException("resolvers: expected ':port' after ']' in " + text);
                    }
                    port = Integer.parseInt(trimmed.substring(close + 2));
                }
            } else if (trimmed.indexOf(':') >= 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
                host = trimmed.substring(0, trimmed.indexOf(':'));
                port = Integer.parseInt(trimmed.substring(trimmed.indexOf(':') + 1));
            } else {
                host = trimmed;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resolvers: bad port in " + text, e);
        }
        if (host.isEmpty() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("resolvers: not a host[:port] address: " + text);
        }
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("resolvers: cannot resolve " + text);
        }
        return address;
    }
}

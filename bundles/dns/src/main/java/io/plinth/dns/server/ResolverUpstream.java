package io.plinth.dns.server;

import io.plinth.dns.core.model.Resolver;
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
        Resolver resolver = Resolver.parse(text);
        String host = resolver.host();
        int port = resolver.port();
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("resolvers: cannot resolve " + text);
        }
        return address;
    }
}

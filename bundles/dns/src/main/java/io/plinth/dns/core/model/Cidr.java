package io.plinth.dns.core.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An address block such as {@code 127.0.0.0/8} or {@code fd00::/8}; a bare address is a block of one. */
public final class Cidr {
    // Only literals: InetAddress.getByName would otherwise resolve a host name through the system resolver.
    private static final Pattern LITERAL = Pattern.compile("[0-9a-fA-F:.]+");

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = network;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException naming the offending text when it is not an IP literal block */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (!LITERAL.matcher(address).matches()) {
            throw new IllegalArgumentException("recurseFrom: not an IP address block: " + text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("recurseFrom: not an IP address block: " + text, e);
        }
        int bits = bytes.length * 8;
        int prefix;
        try {
            prefix = slash < 0 ? bits : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("recurseFrom: bad prefix length in " + text, e);
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException("recurseFrom: prefix length out of range in " + text);
        }
        return new Cidr(bytes, prefix);
    }

    /** Whether {@code address} lies in this block (an IPv4 block never holds an IPv6 address). */
    public boolean contains(InetAddress address) {
        byte[] candidate = address.getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (candidate[full] & mask) == (network[full] & mask);
    }
}

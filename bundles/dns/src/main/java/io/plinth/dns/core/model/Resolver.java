package io.plinth.dns.core.model;

/**
 * One upstream resolver as configured: {@code host}, {@code host:port}, {@code [v6]:port} or a bare IPv6
 * address; port 53 when none is given.
 *
 * @param host name or address, without brackets
 * @param port 1-65535
 */
public record Resolver(String host, int port) {

    public static final int DNS_PORT = 53;

    /** @throws IllegalArgumentException naming {@code resolvers} and the entry when it is not such an address */
    public static Resolver parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("resolvers: entry must not be blank");
        }
        String trimmed = text.strip();
        String host = trimmed;
        String port = null;
        if (trimmed.startsWith("[")) {
            int close = trimmed.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("resolvers: unterminated '[' in " + text);
            }
            host = trimmed.substring(1, close);
            if (close + 1 < trimmed.length()) {
                if (trimmed.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("resolvers: expected ':port' after ']' in " + text);
                }
                port = trimmed.substring(close + 2);
            }
        } else if (trimmed.indexOf(':') >= 0 && trimmed.indexOf(':') == trimmed.lastIndexOf(':')) {
            host = trimmed.substring(0, trimmed.indexOf(':'));
            port = trimmed.substring(trimmed.indexOf(':') + 1);
        }
        if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("resolvers: invalid host in " + text);
        }
        if (port == null) {
            return new Resolver(host, DNS_PORT);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("resolvers: invalid port in " + text, e);
        }
        if (number < 1 || number > 65535) {
            throw new IllegalArgumentException("resolvers: port out of range in " + text);
        }
        return new Resolver(host, number);
    }
}

package io.plinth.dns.runtime;

import io.plinth.dns.core.model.DnsConfig;
import io.plinth.dns.core.model.Master;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Turns the OSGi configuration into the cores' values; every error names the setting. */
final class Settings {

    private Settings() {
    }

    static DnsConfig config(DnsSettings settings) {
        return DnsConfig.builder()
                .domain(settings.domain())
                .port(settings.port())
                .listener(settings.listener())
                .httpPort(settings.httpPort())
                .ttl(settings.ttl())
                .resolvers(list(settings.resolvers()))
                .timeout(Duration.ofSeconds(settings.timeout()))
                .externalOn(settings.externalOn())
                .recurseFrom(list(settings.recurseFrom()))
                .soaMname(settings.soaMname())
                .soaRname(settings.soaRname())
                .soaRefresh(settings.soaRefresh())
                .soaRetry(settings.soaRetry())
                .soaExpire(settings.soaExpire())
                .soaMinttl(settings.soaMinttl())
                .ipSources(list(settings.ipSources()))
                .enforceRfc952(settings.enforceRfc952())
                .serverName(settings.soaMname())
                .serverIp(settings.serverIp())
                .build();
    }

    /** The configured masters; {@code ip:port} each. */
    static List<Master> masters(DnsSettings settings) {
        return list(settings.masters()).stream().map(Settings::master).toList();
    }

    private static Master master(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("masters: expecting ip:port, got '" + address + "'");
        }
        String ip = address.substring(0, colon);
        try {
            return new Master(ip, ip, Integer.parseInt(address.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("masters: bad port in '" + address + "'", e);
        }
    }

    static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}

package io.plinth.dns.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.plinth.dns.core.Records;
import io.plinth.dns.core.model.ClusterState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Mesos-DNS' HTTP paths mapped onto {@link DnsHttpApi}, so that the DNS port's own HTTP listener and the
 * {@code /mesos_dns} resource of the admin port answer alike. Reads one snapshot per request.
 * Thread-safe.
 */
public final class DnsRoutes {

    private final DnsHttpApi api;
    private final Supplier<Records> records;
    private final Supplier<ClusterState> state;

    public DnsRoutes(DnsHttpApi api, Supplier<Records> records, Supplier<ClusterState> state) {
        this.api = Objects.requireNonNull(api, "api");
        this.records = Objects.requireNonNull(records, "records");
        this.state = Objects.requireNonNull(state, "state");
    }

    /**
     * The body for a GET of {@code path} ({@code /v1/version}, {@code /v1/hosts/web.marathon.mesos}, ...,
     * percent-encoded as it came); empty when no route has that path.
     */
    public Optional<JsonNode> get(String path) {
        String[] parts = path.replaceAll("^/+|/+$", "").split("/", -1);
        if (parts.length < 2 || !parts[0].equals("v1")) {
            return Optional.empty();
        }
        String argument = parts.length == 3 ? URLDecoder.decode(parts[2], StandardCharsets.UTF_8) : null;
        JsonNode body = switch (parts[1]) {
            case "version" -> parts.length == 2 ? api.version() : null;
            case "config" -> parts.length == 2 ? api.config(records.get(), state.get()) : null;
            case "enumerate" -> parts.length == 2 ? api.enumerate(state.get(), records.get()) : null;
            case "axfr" -> parts.length == 2 ? api.axfr(records.get()) : null;
            case "hosts" -> argument != null && !argument.isEmpty() ? api.hosts(records.get(), argument) : null;
            case "services" -> argument != null && !argument.isEmpty() ? api.services(records.get(), argument) : null;
            default -> null;
        };
        return Optional.ofNullable(body);
    }
}

package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A port of an app: {@code port} is the service port (0 in a request = "assign one from the service
 * port range"; stored apps always hold the assigned number); with {@code requirePorts} it is also the
 * host port every task must get.
 *
 * @param protocol {@code tcp}, {@code udp} or {@code udp,tcp}
 * @param name     optional name ({@code PORT_<NAME>} in the task environment), may be null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PortDefinition(int port, String protocol, String name, Map<String, String> labels) {

    public PortDefinition {
        protocol = protocol == null ? "tcp" : protocol;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public PortDefinition withPort(int newPort) {
        return new PortDefinition(newPort, protocol, name, labels);
    }
}

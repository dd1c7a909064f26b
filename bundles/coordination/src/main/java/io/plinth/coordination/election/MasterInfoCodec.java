package io.plinth.coordination.election;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plinth.coordination.api.LeaderInfo;

/**
 * Converts a {@link LeaderInfo} to and from the JSON form of Mesos' {@code MasterInfo}, which Mesos
 * masters write into their {@code json.info_} election nodes:
 *
 * <pre>
 * {"id":"…","hostname":"…","ip":16777343,"port":8080,"pid":"master@127.0.0.1:8080","version":"…",
 *  "address":{"hostname":"…","ip":"127.0.0.1","port":8080}}
 * </pre>
 *
 * Mesos encodes the top-level {@code ip} as a uint32 holding the IPv4 bytes in network order read as
 * a little-endian integer (127.0.0.1 is 16777343). The group is not part of the JSON: it is the name
 * of the election node's parent.
 */
public final class MasterInfoCodec {

    private final ObjectMapper mapper = new ObjectMapper();

    /** The MasterInfo JSON of {@code info}; {@link IllegalArgumentException} if its ip is not dotted IPv4. */
    public byte[] encode(LeaderInfo info) {
        String hostname = info.hostname() == null || info.hostname().isEmpty() ? info.ip() : info.hostname();
        ObjectNode root = mapper.createObjectNode();
        root.put("id", info.id());
        root.put("hostname", hostname);
        root.put("ip", mesosIp(info.ip()));
        root.put("port", info.port());
        root.put("pid", "master@" + info.ip() + ":" + info.port());
        root.put("version", info.version() == null ? "" : info.version());
        ObjectNode address = root.putObject("address");
        address.put("hostname", hostname);
        address.put("ip", info.ip());
        address.put("port", info.port());
        try {
            return mapper.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write MasterInfo JSON", e);
        }
    }

    /**
     * The participant described by a MasterInfo JSON, written by Plinth or by a Mesos master.
     *
     * @throws IllegalArgumentException if {@code json} is not MasterInfo JSON with an id and an address
     */
    public LeaderInfo decode(String group, byte[] json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not MasterInfo JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("Not MasterInfo JSON: expected an object");
        }
        JsonNode address = root.path("address");
        String id = text(root, "id");
        if (id == null) {
            throw new IllegalArgumentException("MasterInfo JSON has no id");
        }
        String ip = text(address, "ip");
        if (ip == null) {
            if (!root.path("ip").canConvertToLong()) {
                throw new IllegalArgumentException("MasterInfo JSON of '" + id + "' has no ip");
            }
            ip = dottedIp(root.path("ip").asLong());
        }
        int port = root.path("port").canConvertToInt() ? root.path("port").asInt() : address.path("port").asInt(0);
        String hostname = text(root, "hostname");
        if (hostname == null) {
            hostname = text(address, "hostname");
        }
        String version = text(root, "version");
        return new LeaderInfo(group, id, hostname == null ? ip : hostname, ip, port, version == null ? "" : version);
    }

    /** Mesos' uint32 form of a dotted IPv4 address. */
    static long mesosIp(String dotted) {
        String[] parts = dotted == null ? new String[0] : dotted.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("Not a dotted IPv4 address: '" + dotted + "'");
        }
        long value = 0;
        for (int i = 3; i >= 0; i--) {
            int octet;
            try {
                octet = parts[i].isEmpty() || parts[i].length() > 3 ? -1 : Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("Not a dotted IPv4 address: '" + dotted + "'");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** The dotted form of Mesos' uint32 IPv4 address. */
    static String dottedIp(long mesosIp) {
        if (mesosIp < 0 || mesosIp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("Not a uint32 IPv4 address: " + mesosIp);
        }
        return (mesosIp & 0xFF) + "." + ((mesosIp >> 8) & 0xFF) + "." + ((mesosIp >> 16) & 0xFF) + "." + ((mesosIp >> 24) & 0xFF);
    }

    private String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}

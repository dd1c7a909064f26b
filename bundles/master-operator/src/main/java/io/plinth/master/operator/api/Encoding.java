package io.plinth.master.operator.api;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.plinth.master.operator.state.MesosJson;
import io.plinth.mesos.api.wire.ProtobufJson;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.mesos.v1.master.Protos.Call;

/**
 * The two encodings of the operator API, for request bodies (chosen by {@code Content-Type}) and for
 * answers and streamed events (chosen by {@code Accept}).
 */
public enum Encoding {
    JSON("application/json"),
    PROTOBUF("application/x-protobuf");

    private final String mediaType;

    Encoding(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** A message in this encoding: Mesos' JSON (UTF-8, see {@link MesosJson}) or the protobuf wire format. */
    public byte[] encode(Message message) {
        return this == JSON ? MesosJson.bytes(message) : message.toByteArray();
    }

    /**
     * Reads a {@code Call} from a request body in this encoding.
     *
     * @throws CallRejected 400 naming the problem if the body is not a {@code Call}
     */
    public Call decodeCall(byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        if (this == PROTOBUF) {
            try {
                return Call.parseFrom(bytes);
            } catch (InvalidProtocolBufferException e) {
                throw CallRejected.badRequest("Failed to parse body into Call protobuf: " + e.getMessage());
            }
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw CallRejected.badRequest("Failed to parse body into JSON: the body is empty");
        }
        try {
            return ProtobufJson.merge(text, Call.newBuilder()).build();
        } catch (InvalidProtocolBufferException e) {
            throw CallRejected.badRequest("Failed to convert JSON into Call protobuf: " + e.getMessage());
        } catch (RuntimeException e) {
            // JsonFormat reports some malformed JSON (a bare string, a truncated object) this way
            throw CallRejected.badRequest("Failed to parse body into JSON: " + e.getMessage());
        }
    }

    /**
     * The encoding of a request body.
     *
     * @throws CallRejected 400 if there is no {@code Content-Type}, 415 if it is neither JSON nor protobuf
     */
    public static Encoding ofContentType(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw CallRejected.badRequest("Expecting 'Content-Type' to be present");
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (Encoding encoding : values()) {
            if (encoding.mediaType.equals(type)) {
                return encoding;
            }
        }
        throw new CallRejected(415, "Expecting 'Content-Type' of " + JSON.mediaType + " or " + PROTOBUF.mediaType);
    }

    /**
     * The encoding the client accepts: JSON when there is no {@code Accept} header, else the type of
     * the two with the higher quality, JSON on a tie (as Mesos prefers it).
     *
     * @throws CallRejected 406 if neither is acceptable
     */
    public static Encoding ofAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        double json = quality(accept, JSON);
        double protobuf = quality(accept, PROTOBUF);
        if (json == 0 && protobuf == 0) {
            throw new CallRejected(406, "Expecting 'Accept' to allow '" + PROTOBUF.mediaType + "' or '"
                    + JSON.mediaType + "'");
        }
        return json >= protobuf ? JSON : PROTOBUF;
    }

    /** The quality {@code accept} gives {@code encoding}: that of the most specific range that matches it. */
    private static double quality(String accept, Encoding encoding) {
        int specificity = -1;
        double quality = 0;
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].trim().toLowerCase(Locale.ROOT);
            int matches = type.equals(encoding.mediaType) ? 2
                    : type.equals("application/*") ? 1
                    : type.equals("*/*") || type.equals("*") ? 0
                    : -1;
            if (matches > specificity) {
                specificity = matches;
                quality = quality(parts);
            } else if (matches >= 0 && matches == specificity) {
                quality = Math.max(quality, quality(parts));
            }
        }
        return quality;
    }

    private static double quality(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            if (parameter.startsWith("q=")) {
                try {
                    return Math.max(0, Math.min(1, Double.parseDouble(parameter.substring(2))));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }
}

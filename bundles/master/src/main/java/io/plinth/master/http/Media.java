package io.plinth.master.http;

import java.util.Locale;

/** The two encodings of the Mesos v1 HTTP APIs and the text answers Mesos gives on errors. */
public enum Media {
    JSON("application/json"),
    PROTOBUF("application/x-protobuf");

    public final String type;

    Media(String type) {
        this.type = type;
    }

    /** The encoding of a request body, or null if the Content-Type is neither. */
    public static Media ofContentType(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        for (Media media : values()) {
            if (media.type.equals(base)) {
                return media;
            }
        }
        return null;
    }

    /** The encoding an Accept header asks for (the first one it names), JSON when absent; null if neither. */
    public static Media ofAccept(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        for (String part : accept.split(",")) {
            String base = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (base.equals("*/*") || base.equals("application/*") || base.equals(JSON.type)) {
                return JSON;
            }
            if (base.equals(PROTOBUF.type)) {
                return PROTOBUF;
            }
        }
        return null;
    }

}

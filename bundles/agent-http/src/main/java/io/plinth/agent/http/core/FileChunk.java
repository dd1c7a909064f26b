package io.plinth.agent.http.core;

import java.util.Objects;

/**
 * The answer of {@code /files/read}: {@code data} read at {@code offset}. Immutable.
 *
 * @param data   the bytes read, decoded as UTF-8 (invalid bytes replaced by U+FFFD); empty when
 *               nothing was asked for or nothing is there
 * @param offset where {@code data} starts; the file's size when the request gave no offset
 */
public record FileChunk(String data, long offset) {

    public FileChunk {
        Objects.requireNonNull(data, "data");
    }
}

package io.plinth.itests.mesos;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads Mesos RecordIO framing as a client must: a record is its length in bytes (decimal ASCII), a
 * line feed, then that many bytes. Chunk boundaries of the HTTP stream mean nothing here, so the
 * reader works on the de-chunked body. Written from the format's description, not shared with the
 * product, so a framing bug on either side shows.
 */
final class RecordIoReader {

    /** A guard against a corrupt length; far above any event this test provokes. */
    private static final long MAX_RECORD_BYTES = 64L * 1024 * 1024;

    private final InputStream in;

    RecordIoReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next record, or empty when the stream ends cleanly between two records.
     *
     * @throws IOException when the stream breaks, the length is not decimal digits, is zero (Mesos
     *                     never frames an empty record) or the record is cut short
     */
    Optional<byte[]> next() throws IOException {
        ByteArrayOutputStream digits = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                if (digits.size() == 0) {
                    return Optional.empty();
                }
                throw new EOFException("stream ended inside a record length");
            }
            if (c < '0' || c > '9' || digits.size() >= 20) {
                throw new IOException("malformed RecordIO length: '" + digits.toString(StandardCharsets.US_ASCII)
                        + (char) c + "'");
            }
            digits.write(c);
        }
        if (digits.size() == 0) {
            throw new IOException("empty RecordIO length");
        }
        long length = Long.parseLong(digits.toString(StandardCharsets.US_ASCII));
        if (length == 0 || length > MAX_RECORD_BYTES) {
            throw new IOException("RecordIO record length " + length + " out of range");
        }
        byte[] record = in.readNBytes((int) length);
        if (record.length != length) {
            throw new EOFException("stream ended after " + record.length + " of " + length + " record bytes");
        }
        return Optional.of(record);
    }
}

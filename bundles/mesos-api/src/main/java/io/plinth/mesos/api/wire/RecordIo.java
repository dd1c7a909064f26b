package io.plinth.mesos.api.wire;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Mesos' RecordIO framing: each record is its length in bytes as decimal ASCII, a line feed, then
 * the record's bytes. Streams of events (the scheduler API's SUBSCRIBE, the operator API's
 * SUBSCRIBE, the agent link) are sequences of such records.
 */
public final class RecordIo {

    /** Largest record a reader accepts: a guard against a corrupt length, not a protocol limit. */
    public static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private RecordIo() {
    }

    /** One record, framed. */
    public static byte[] frame(byte[] record) {
        byte[] header = (record.length + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] framed = new byte[header.length + record.length];
        System.arraycopy(header, 0, framed, 0, header.length);
        System.arraycopy(record, 0, framed, header.length, record.length);
        return framed;
    }

    /**
     * Reads records one after another from a stream. Not thread-safe: one reader per stream.
     */
    public static final class Reader {
        private final InputStream in;

        public Reader(InputStream in) {
            this.in = in;
        }

        /**
         * The next record, or empty at a clean end of stream (between records).
         *
         * @throws IOException on a broken stream, a malformed length or a record cut short
         */
        public Optional<byte[]> next() throws IOException {
            ByteArrayOutputStream digits = new ByteArrayOutputStream(12);
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    if (digits.size() == 0) {
                        return Optional.empty();
                    }
                    throw new EOFException("stream ended inside a record length");
                }
                if (c < '0' || c > '9' || digits.size() > 10) {
                    throw new IOException("malformed RecordIO length");
                }
                digits.write(c);
            }
            if (digits.size() == 0) {
                throw new IOException("empty RecordIO length");
            }
            long length = Long.parseLong(digits.toString(StandardCharsets.US_ASCII));
            if (length > MAX_RECORD_BYTES) {
                throw new IOException("RecordIO record of " + length + " bytes exceeds " + MAX_RECORD_BYTES);
            }
            byte[] record = in.readNBytes((int) length);
            if (record.length != length) {
                throw new EOFException("stream ended inside a record");
            }
            return Optional.of(record);
        }
    }
}

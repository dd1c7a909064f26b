package io.plinth.agent.http.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A file of a sandbox that passed confinement, ready for {@code /files/download}. Opened only when
 * written, so that an answer never sent (a HEAD request, a client gone) leaves no file open.
 * Immutable.
 *
 * @param name the file's name, as the request named it
 * @param size its size when it was resolved; exactly this many bytes are written, so that a file
 *             that grows (a task's stdout) still matches the announced length
 * @param file the resolved file, every link resolved
 */
public record Download(String name, long size, Path file) {

    public Download {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
    }

    /**
     * Copies the first {@link #size} bytes to {@code out}. The file is opened without following a
     * link, should its name have become one since it was resolved.
     */
    public void writeTo(OutputStream out) throws IOException {
        try (InputStream in = Channels.newInputStream(FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            byte[] buffer = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break; // truncated meanwhile: the client sees a short body rather than invented bytes
                }
                out.write(buffer, 0, read);
                left -= read;
            }
        }
    }

    /**
     * The {@code Content-Disposition} header for {@link #name}: {@code attachment; filename=stdout}
     * for plain names; names with other characters (file names may hold quotes, non-ASCII
     * characters, even line breaks) get a quoted ASCII fallback and their exact form in
     * {@code filename*} (RFC 6266), so that nothing in a name can break the header.
     */
    public String contentDisposition() {
        if (name.matches("[A-Za-z0-9._+-]+")) {
            return "attachment; filename=" + name;
        }
        StringBuilder fallback = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        name.codePoints().forEach(c -> fallback.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ".-_~".indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
    }
}

package io.plinth.agent.process.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/** Builds small archives in memory for tests. */
final class Archives {

    private record Item(String name, char type, String content, String linkTarget, int mode) {
    }

    private final List<Item> items = new ArrayList<>();

    Archives dir(String name, int mode) {
        items.add(new Item(name, 'd', null, null, mode));
        return this;
    }

    Archives file(String name, String content, int mode) {
        items.add(new Item(name, 'f', content, null, mode));
        return this;
    }

    Archives symlink(String name, String target) {
        items.add(new Item(name, 'l', null, target, 0777));
        return this;
    }

    Archives hardLink(String name, String target) {
        items.add(new Item(name, 'h', null, target, 0644));
        return this;
    }

    byte[] tar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        writeTar(bytes);
        return bytes.toByteArray();
    }

    byte[] tarGz() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            writeTar(gzip);
        }
        return bytes.toByteArray();
    }

    byte[] tarBz2() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream bzip = new BZip2CompressorOutputStream(bytes)) {
            writeTar(bzip);
        }
        return bytes.toByteArray();
    }

    private void writeTar(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        for (Item item : items) {
            // preserveAbsolutePath=true keeps hostile names ("/abs", "../x") as written.
            TarArchiveEntry entry = switch (item.type()) {
                case 'd' -> new TarArchiveEntry(item.name(), TarConstants.LF_DIR, true);
                case 'l' -> new TarArchiveEntry(item.name(), TarConstants.LF_SYMLINK, true);
                case 'h' -> new TarArchiveEntry(item.name(), TarConstants.LF_LINK, true);
                default -> new TarArchiveEntry(item.name(), TarConstants.LF_NORMAL, true);
            };
            entry.setMode(item.mode());
            byte[] content = item.content() == null ? new byte[0] : item.content().getBytes(StandardCharsets.UTF_8);
            if (item.linkTarget() != null) {
                entry.setLinkName(item.linkTarget());
            }
            entry.setSize(content.length);
            tar.putArchiveEntry(entry);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        tar.finish();
        tar.flush();
    }

    byte[] zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            for (Item item : items) {
                String name = item.type() == 'd' && !item.name().endsWith("/") ? item.name() + "/" : item.name();
                ZipArchiveEntry entry = new ZipArchiveEntry(name);
                byte[] content = switch (item.type()) {
                    case 'f' -> item.content().getBytes(StandardCharsets.UTF_8);
                    case 'l' -> item.linkTarget().getBytes(StandardCharsets.UTF_8);
                    default -> new byte[0];
                };
                int typeBits = switch (item.type()) {
                    case 'd' -> 040000;
                    case 'l' -> 0120000;
                    default -> 0100000;
                };
                entry.setUnixMode(typeBits | item.mode());
                zip.putArchiveEntry(entry);
                zip.write(content);
                zip.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}

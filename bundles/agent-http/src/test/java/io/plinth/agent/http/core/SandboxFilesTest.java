package io.plinth.agent.http.core;

import static io.plinth.agent.http.testing.Fixtures.sandboxWithStdout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.plinth.agent.http.core.FileAccessException.Refusal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

class SandboxFilesTest {

    @TempDir
    Path temp;

    private Path workDir;
    private Path sandbox;
    private SandboxFiles files;

    @BeforeEach
    void layOut() throws IOException {
        workDir = Files.createDirectories(temp.resolve("work"));
        sandbox = sandboxWithStdout(workDir, "A", "F", "E", "C", "0123456789");
        files = new SandboxFiles(new SandboxPaths(workDir), 4);
    }

    @Test
    void readsWhatWasAskedForUpToTheCap() {
        String stdout = sandbox + "/stdout";
        assertEquals(new FileChunk("234", 2), files.read(stdout, "2", "3"));
        assertEquals(new FileChunk("0123", 0), files.read(stdout, "0", null), "the rest, capped");
        assertEquals(new FileChunk("0123", 0), files.read(stdout, "0", "-1"));
        assertEquals(new FileChunk("6789", 6), files.read(stdout, "6", "100"));
        assertEquals(new FileChunk("89", 8), files.read(stdout, "8", "100"), "up to the end");
        assertEquals(new FileChunk("", 3), files.read(stdout, "3", "0"));
        assertEquals(new FileChunk("0123456789", 0),
                new SandboxFiles(new SandboxPaths(workDir)).read(stdout, "0", null), "the default cap is 1 MiB");
    }

    @Test
    void withoutAnOffsetTellsWhereTheFileEnds() {
        String stdout = sandbox + "/stdout";
        assertEquals(new FileChunk("", 10), files.read(stdout, null, null));
        assertEquals(new FileChunk("", 10), files.read(stdout, "", "5"));
        assertEquals(new FileChunk("", 10), files.read(stdout, "-1", "5"));
    }

    @Test
    void pastTheEndIsEmptyAtTheOffsetAsked() {
        assertEquals(new FileChunk("", 10), files.read(sandbox + "/stdout", "10", "5"));
        assertEquals(new FileChunk("", 1000), files.read(sandbox + "/stdout", "1000", null));
    }

    @Test
    void refusesBadNumbers() {
        String stdout = sandbox + "/stdout";
        assertRefused(() -> files.read(stdout, "x", null), Refusal.BAD_REQUEST, "'offset' must be an integer");
        assertRefused(() -> files.read(stdout, "-2", null), Refusal.BAD_REQUEST, "'offset' must be -1 or more");
        assertRefused(() -> files.read(stdout, "0", "ten"), Refusal.BAD_REQUEST, "'length' must be an integer");
        assertRefused(() -> files.read(stdout, "0", "-5"), Refusal.BAD_REQUEST, "'length' must be -1 or more");
        assertRefused(() -> files.read(stdout, "99999999999999999999", null), Refusal.BAD_REQUEST, "'offset' must be an integer");
    }

    @Test
    void readsOnlyRegularFiles() throws Exception {
        assertRefused(() -> files.read(sandbox.toString(), "0", null), Refusal.BAD_REQUEST, "names a directory");
        assertRefused(() -> files.download(sandbox.toString()), Refusal.BAD_REQUEST, "names a directory");
        assertRefused(() -> files.browse(sandbox + "/stdout"), Refusal.BAD_REQUEST, "does not name a directory");

        Path fifo = sandbox.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        try {
            assumeTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo failed");
        } finally {
            mkfifo.destroyForcibly();
        }
        // reading it would wait for a writer forever
        assertRefused(() -> files.read(fifo.toString(), "0", null), Refusal.BAD_REQUEST, "does not name a regular file");
        assertRefused(() -> files.download(fifo.toString()), Refusal.BAD_REQUEST, "does not name a regular file");
    }

    @Test
    void decodesUtf8AndReplacesInvalidBytes() throws IOException {
        Files.write(sandbox.resolve("bytes"), new byte[] {'a', (byte) 0xff, 'b', (byte) 0xc3, (byte) 0xa9});
        SandboxFiles wide = new SandboxFiles(new SandboxPaths(workDir));
        assertEquals(new FileChunk("a\uFFFDbé", 0), wide.read(sandbox + "/bytes", "0", null));
    }

    @Test
    void aReadEndsOnACharacterBoundary() throws IOException {
        // "aé€" is a, c3 a9, e2 82 ac: a read of 4 bytes from 0 would cut the euro sign
        Files.writeString(sandbox.resolve("text"), "aé€");
        String text = sandbox + "/text";
        assertEquals(new FileChunk("aé", 0), files.read(text, "0", "4"));
        assertEquals(new FileChunk("€", 3), files.read(text, "3", "4"));
        // a cut character that is all the read has is returned, replaced, rather than nothing
        assertEquals(new FileChunk("\uFFFD", 3), files.read(text, "3", "1"));
    }

    @Test
    void wholeCharacters() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8); // 61 e2 82 ac
        assertEquals(4, SandboxFiles.wholeCharacters(euro, 4));
        assertEquals(1, SandboxFiles.wholeCharacters(euro, 3));
        assertEquals(1, SandboxFiles.wholeCharacters(euro, 2));
        assertEquals(1, SandboxFiles.wholeCharacters(euro, 1));
        assertEquals(0, SandboxFiles.wholeCharacters(euro, 0));
        byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8); // f0 9f 98 80
        assertEquals(3, SandboxFiles.wholeCharacters(emoji, 3), "nothing whole before it: kept");
        assertEquals(4, SandboxFiles.wholeCharacters(emoji, 4));
        byte[] continuations = {'a', (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertEquals(5, SandboxFiles.wholeCharacters(continuations, 5), "garbage is left to the decoder");
    }

    @Test
    void browsesADirectoryAsTheClientNamedIt() throws IOException {
        Files.createDirectory(sandbox.resolve("dir"));
        Files.setPosixFilePermissions(sandbox.resolve("dir"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(sandbox.resolve("stdout"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setLastModifiedTime(sandbox.resolve("stdout"), FileTime.from(Instant.ofEpochSecond(1600000000, 700_000_000)));
        Files.createSymbolicLink(sandbox.resolve("etc"), Path.of("/etc"));
        String owner = Files.getOwner(sandbox.resolve("stdout")).getName();

        List<FileEntry> listing = files.browse(sandbox.toString());

        assertEquals(List.of(sandbox + "/dir", sandbox + "/etc", sandbox + "/stderr", sandbox + "/stdout"),
                listing.stream().map(FileEntry::path).toList());
        FileEntry dir = listing.get(0);
        assertEquals("drwxr-xr-x", dir.mode());
        assertTrue(dir.nlink() >= 2, "a directory has at least two links: " + dir.nlink());
        FileEntry link = listing.get(1);
        assertEquals('l', link.mode().charAt(0), "a link is shown as a link, not as what it leads to");
        assertEquals("/etc".length(), link.size());
        FileEntry stdout = listing.get(3);
        assertEquals(new FileEntry(sandbox + "/stdout", 1, 10, 1600000000, "-rw-r--r--", owner, stdout.gid()), stdout);
        assertTrue(!stdout.gid().isEmpty());

        assertEquals(List.of("/frameworks/F/executors/E/runs/latest/dir", "/frameworks/F/executors/E/runs/latest/etc",
                        "/frameworks/F/executors/E/runs/latest/stderr", "/frameworks/F/executors/E/runs/latest/stdout"),
                files.browse("/frameworks/F/executors/E/runs/latest/").stream().map(FileEntry::path).toList());
        assertEquals(List.of(), files.browse(sandbox + "/dir"));
        assertRefused(() -> files.browse(sandbox + "/etc"), Refusal.FORBIDDEN, "leads outside its sandbox");
    }

    @Test
    void downloadsExactlyTheSizeItAnnounced() throws IOException {
        Path stdout = sandbox.resolve("stdout");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Download download = files.download(stdout.toString());
        assertEquals("stdout", download.name());
        assertEquals(10, download.size());
        // the task keeps writing after the download was answered
        Files.writeString(stdout, "ABC", StandardOpenOption.APPEND);
        download.writeTo(out);
        assertArrayEquals("0123456789".getBytes(StandardCharsets.UTF_8), out.toByteArray());

        Files.writeString(stdout, "short");
        ByteArrayOutputStream truncated = new ByteArrayOutputStream();
        download.writeTo(truncated);
        assertArrayEquals("short".getBytes(StandardCharsets.UTF_8), truncated.toByteArray(), "never invents bytes");
        assertEquals("stdout", files.download("/frameworks/F/executors/E/runs/C/stdout").name());
    }

    @Test
    void contentDispositionCannotBeBrokenByAName() {
        assertEquals("attachment; filename=stdout", disposition("stdout"));
        assertEquals("attachment; filename=app-1.2.log", disposition("app-1.2.log"));
        assertEquals("attachment; filename=\"a_b_c\"; filename*=UTF-8''a%22b%0Ac", disposition("a\"b\nc"));
        assertEquals("attachment; filename=\"r_sum_ 1.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9%201.txt",
                disposition("résumé 1.txt"));
        assertEquals("attachment; filename=\"x_y\"; filename*=UTF-8''x%5Cy", disposition("x\\y"));
    }

    @Test
    void modeAsLsPrintsIt() {
        assertEquals("-rw-r--r--", SandboxFiles.mode(0100644));
        assertEquals("drwxr-xr-x", SandboxFiles.mode(0040755));
        assertEquals("lrwxrwxrwx", SandboxFiles.mode(0120777));
        assertEquals("-rwsr-xr-x", SandboxFiles.mode(0104755));
        assertEquals("-rwSr--r--", SandboxFiles.mode(0104644));
        assertEquals("-rwxr-sr-x", SandboxFiles.mode(0102755));
        assertEquals("drwxrwxrwt", SandboxFiles.mode(0041777));
        assertEquals("drwxrwxrwT", SandboxFiles.mode(0041776));
        assertEquals("prw-------", SandboxFiles.mode(0010600));
        assertEquals("srwxr-xr-x", SandboxFiles.mode(0140755));
    }

    @Test
    void everyOperationIsConfined() throws IOException {
        Files.createSymbolicLink(sandbox.resolve("passwd"), Path.of("/etc/passwd"));
        for (String path : List.of("/etc/passwd", sandbox + "/passwd", workDir.toString())) {
            assertRefused(() -> files.read(path, "0", null), Refusal.FORBIDDEN, "");
            assertRefused(() -> files.download(path), Refusal.FORBIDDEN, "");
            assertRefused(() -> files.browse(path), Refusal.FORBIDDEN, "");
        }
        assertRefused(() -> files.read(sandbox + "/../C/stdout", "0", null), Refusal.BAD_REQUEST, "'..'");
        assertRefused(() -> files.read(null, "0", null), Refusal.BAD_REQUEST, "Missing query parameter 'path'");
    }

    private static String disposition(String name) {
        return new Download(name, 0, Path.of("/nowhere")).contentDisposition();
    }

    private static void assertRefused(Executable call, Refusal refusal, String message) {
        FileAccessException e = assertThrows(FileAccessException.class, call);
        assertEquals(refusal, e.refusal(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}

package io.plinth.agent.process.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FetcherTest {

    @TempDir
    Path temp;

    private TestServer server;
    private Path sandbox;
    private Fetcher fetcher;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
        sandbox = Files.createDirectory(temp.resolve("sandbox"));
        fetcher = new Fetcher(new FetcherSettings(Optional.empty(), 0, Duration.ofSeconds(5), Duration.ofSeconds(5)), client());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    static HttpClient client() {
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
    }

    static CommandInfo.URI uri(String value) {
        return CommandInfo.URI.newBuilder().setValue(value).build();
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    static String read(Path path) throws IOException {
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /** Everything in the sandbox except the entries named, to prove no temp file is left. */
    private List<String> sandboxNames() throws IOException {
        try (Stream<Path> files = Files.list(sandbox)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void httpTarGzIsExtractedWithModesAndTheArchiveStays() throws Exception {
        byte[] archive = new Archives()
                .dir("app/", 0755)
                .file("app/config.txt", "key=value", 0640)
                .file("app/run.sh", "#!/bin/sh\necho hi\n", 0755)
                .tarGz();
        server.serve("/dist/app.tar.gz", archive);

        fetcher.fetch(List.of(uri(server.url("/dist/app.tar.gz"))), sandbox);

        assertTrue(Files.isDirectory(sandbox.resolve("app")));
        assertEquals("key=value", read(sandbox.resolve("app/config.txt")));
        assertEquals("rw-r-----", mode(sandbox.resolve("app/config.txt")));
        assertTrue(Files.isExecutable(sandbox.resolve("app/run.sh")));
        assertEquals("rwxr-xr-x", mode(sandbox.resolve("app/run.sh")));
        assertArrayEquals(archive, Files.readAllBytes(sandbox.resolve("app.tar.gz")));
        assertEquals(List.of("app", "app.tar.gz"), sandboxNames());
    }

    @Test
    void zipIsExtractedWithUnixModes() throws Exception {
        server.serve("/bundle.zip", new Archives()
                .dir("bin", 0755)
                .file("bin/tool", "tool", 0755)
                .file("README", "read me", 0644)
                .zip());

        fetcher.fetch(List.of(uri(server.url("/bundle.zip"))), sandbox);

        assertEquals("tool", read(sandbox.resolve("bin/tool")));
        assertEquals("rwxr-xr-x", mode(sandbox.resolve("bin/tool")));
        assertEquals("read me", read(sandbox.resolve("README")));
        assertTrue(Files.exists(sandbox.resolve("bundle.zip")));
    }

    @Test
    void tgzTarTarBz2AndGzNamesAreRecognised() throws Exception {
        server.serve("/a.tgz", new Archives().file("from-tgz", "1", 0644).tarGz());
        server.serve("/b.tar", new Archives().file("from-tar", "2", 0644).tar());
        server.serve("/c.tar.bz2", new Archives().file("from-tar-bz2", "3", 0644).tarBz2());
        server.serve("/d.tbz2", new Archives().file("from-tbz2", "4", 0644).tarBz2());
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("plain text".getBytes(StandardCharsets.UTF_8));
        }
        server.serve("/notes.txt.gz", gz.toByteArray());

        fetcher.fetch(List.of(uri(server.url("/a.tgz")), uri(server.url("/b.tar")), uri(server.url("/c.tar.bz2")),
                uri(server.url("/d.tbz2")), uri(server.url("/notes.txt.gz"))), sandbox);

        assertEquals("1", read(sandbox.resolve("from-tgz")));
        assertEquals("2", read(sandbox.resolve("from-tar")));
        assertEquals("3", read(sandbox.resolve("from-tar-bz2")));
        assertEquals("4", read(sandbox.resolve("from-tbz2")));
        assertEquals("plain text", read(sandbox.resolve("notes.txt")));
        assertTrue(Files.exists(sandbox.resolve("notes.txt.gz")));
    }

    @Test
    void fileWithoutArchiveExtensionIsCopiedAsIsEvenWithExtract() throws Exception {
        byte[] tarBytes = new Archives().file("inner", "x", 0644).tar();
        server.serve("/data.bin", tarBytes);

        fetcher.fetch(List.of(uri(server.url("/data.bin?version=3#frag"))), sandbox);

        assertArrayEquals(tarBytes, Files.readAllBytes(sandbox.resolve("data.bin")));
        assertEquals("rw-r--r--", mode(sandbox.resolve("data.bin")));
        assertEquals(List.of("data.bin"), sandboxNames());
    }

    @Test
    void extractFalseKeepsTheArchivePacked() throws Exception {
        server.serve("/keep.tar.gz", new Archives().file("inner", "x", 0644).tarGz());

        fetcher.fetch(List.of(uri(server.url("/keep.tar.gz")).toBuilder().setExtract(false).build()), sandbox);

        assertEquals(List.of("keep.tar.gz"), sandboxNames());
    }

    @Test
    void redirectIsFollowedAndTheFileNamedAfterTheRequestedUri() throws Exception {
        server.serve("/real/v2.txt", "content".getBytes(StandardCharsets.UTF_8));
        server.redirect("/latest.txt", server.url("/real/v2.txt"));

        fetcher.fetch(List.of(uri(server.url("/latest.txt"))), sandbox);

        assertEquals("content", read(sandbox.resolve("latest.txt")));
    }

    @Test
    void fileUriAndPlainAbsolutePathAreCopied() throws Exception {
        Path source = Files.writeString(temp.resolve("local.conf"), "local");
        Path other = Files.writeString(temp.resolve("other.conf"), "other");

        fetcher.fetch(List.of(uri(source.toUri().toString()), uri(other.toString())), sandbox);

        assertTrue(source.toUri().toString().startsWith("file:///"));
        assertEquals("local", read(sandbox.resolve("local.conf")));
        assertEquals("other", read(sandbox.resolve("other.conf")));
    }

    @Test
    void missingLocalFileFails() {
        String missing = temp.resolve("absent.txt").toString();

        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(List.of(uri(missing)), sandbox));

        assertEquals(missing, e.uri());
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void notFoundFailsNamingUriAndStatusAndLeavesNothing() throws Exception {
        String url = server.url("/missing.tgz");

        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(List.of(uri(url)), sandbox));

        assertEquals(url, e.uri());
        assertEquals("Failed to fetch '" + url + "': HTTP 404", e.getMessage());
        assertFalse(Files.exists(sandbox.resolve("missing.tgz")));
        assertEquals(List.of(), sandboxNames()); // no temp file either
    }

    @Test
    void firstFailureStopsTheList() throws Exception {
        server.serve("/one.txt", "1".getBytes(StandardCharsets.UTF_8));
        server.serve("/three.txt", "3".getBytes(StandardCharsets.UTF_8));

        assertThrows(FetchException.class, () -> fetcher.fetch(List.of(
                uri(server.url("/one.txt")), uri(server.url("/two.txt")), uri(server.url("/three.txt"))), sandbox));

        assertEquals(List.of("one.txt"), sandboxNames());
        assertEquals(0, server.requests("/three.txt"));
    }

    @Test
    void executableGetsMode755AndIsNotExtracted() throws Exception {
        byte[] archive = new Archives().file("inner", "x", 0644).tarGz();
        server.serve("/tool.tar.gz", archive);
        server.serve("/run", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8));

        fetcher.fetch(List.of(
                uri(server.url("/run")).toBuilder().setExecutable(true).build(),
                uri(server.url("/tool.tar.gz")).toBuilder().setExecutable(true).build()), sandbox);

        assertEquals("rwxr-xr-x", mode(sandbox.resolve("run")));
        assertEquals("rwxr-xr-x", mode(sandbox.resolve("tool.tar.gz")));
        assertFalse(Files.exists(sandbox.resolve("inner")));
    }

    @Test
    void outputFileMayNameSubdirectories() throws Exception {
        server.serve("/download", "payload".getBytes(StandardCharsets.UTF_8));

        fetcher.fetch(List.of(uri(server.url("/download")).toBuilder().setOutputFile("conf/nested/app.conf").build()), sandbox);

        assertEquals("payload", read(sandbox.resolve("conf/nested/app.conf")));
        assertFalse(Files.exists(sandbox.resolve("download")));
    }

    @Test
    void outputFileMustStayInsideTheSandbox() throws Exception {
        server.serve("/download", "payload".getBytes(StandardCharsets.UTF_8));
        String url = server.url("/download");

        FetchException climbing = assertThrows(FetchException.class, () -> fetcher.fetch(
                List.of(uri(url).toBuilder().setOutputFile("../x").build()), sandbox));
        FetchException absolute = assertThrows(FetchException.class, () -> fetcher.fetch(
                List.of(uri(url).toBuilder().setOutputFile(temp.resolve("abs").toString()).build()), sandbox));

        assertTrue(climbing.getMessage().contains("escapes the sandbox"), climbing.getMessage());
        assertTrue(absolute.getMessage().contains("absolute"), absolute.getMessage());
        assertFalse(Files.exists(temp.resolve("x")));
        assertFalse(Files.exists(temp.resolve("abs")));
        assertEquals(0, server.requests("/download"));
    }

    @Test
    void unsupportedSchemesAndNamelessUrisFail() {
        FetchException ftp = assertThrows(FetchException.class,
                () -> fetcher.fetch(List.of(uri("ftp://127.0.0.1/file.tgz")), sandbox));
        FetchException relative = assertThrows(FetchException.class,
                () -> fetcher.fetch(List.of(uri("relative/file.tgz")), sandbox));
        FetchException noName = assertThrows(FetchException.class,
                () -> fetcher.fetch(List.of(uri(server.url("/dir/"))), sandbox));

        assertEquals("Failed to fetch 'ftp://127.0.0.1/file.tgz': unsupported scheme 'ftp'", ftp.getMessage());
        assertTrue(relative.getMessage().contains("unsupported scheme"), relative.getMessage());
        assertTrue(noName.getMessage().contains("file name"), noName.getMessage());
        assertEquals(0, server.requests("/dir/"));
    }

    @Test
    void stalledDownloadTimesOutAndLeavesNothing() throws Exception {
        Fetcher impatient = new Fetcher(new FetcherSettings(Optional.empty(), 0, Duration.ofSeconds(2), Duration.ofMillis(300)), client());
        String url = server.url("/stall/big.bin");

        FetchException e = assertThrows(FetchException.class, () -> impatient.fetch(List.of(uri(url)), sandbox));

        assertTrue(e.getMessage().contains("stalled"), e.getMessage());
        assertEquals(List.of(), sandboxNames());
    }

    @Test
    void parallelFetchesIntoTheSameSandboxDoNotInterfere() throws Exception {
        int count = 8;
        for (int i = 0; i < count; i++) {
            server.serve("/p/" + i + ".tgz", new Archives().file("dir/file-" + i, "content " + i, 0644).tarGz());
        }
        List<Thread> threads = new java.util.ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int i = 0; i < count; i++) {
            String url = server.url("/p/" + i + ".tgz");
            Thread thread = new Thread(() -> {
                try {
                    fetcher.fetch(List.of(uri(url)), sandbox);
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }

        assertEquals(List.of(), failures);
        for (int i = 0; i < count; i++) {
            assertEquals("content " + i, read(sandbox.resolve("dir/file-" + i)));
        }
    }
}

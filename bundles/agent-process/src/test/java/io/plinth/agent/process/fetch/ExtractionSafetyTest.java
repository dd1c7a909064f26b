package io.plinth.agent.process.fetch;

import static io.plinth.agent.process.fetch.FetcherTest.read;
import static io.plinth.agent.process.fetch.FetcherTest.uri;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile archives: nothing may be written, or pointed at, outside the sandbox. */
class ExtractionSafetyTest {

    @TempDir
    Path temp;

    private TestServer server;
    private Path sandbox;
    private Fetcher fetcher;

    @BeforeEach
    void setUp() throws IOException {
        server = new TestServer();
        sandbox = Files.createDirectory(temp.resolve("sandbox"));
        fetcher = new Fetcher(new FetcherSettings(Optional.empty(), 0, Duration.ofSeconds(5), Duration.ofSeconds(5)), FetcherTest.client());
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private FetchException fetchFails(String name, byte[] archive) {
        server.serve("/" + name, archive);
        String url = server.url("/" + name);
        FetchException e = assertThrows(FetchException.class, () -> fetcher.fetch(List.of(uri(url)), sandbox));
        assertEquals(url, e.uri());
        return e;
    }

    /** Every path under the temp dir outside the sandbox, to prove nothing escaped. */
    private List<String> outsideSandbox() throws IOException {
        try (Stream<Path> all = Files.walk(temp)) {
            return all.filter(p -> !p.equals(temp) && !p.startsWith(sandbox)).map(Path::toString).toList();
        }
    }

    @Test
    void tarEntryClimbingOutFailsAndStopsExtraction() throws Exception {
        FetchException e = fetchFails("evil.tar.gz", new Archives()
                .file("before", "ok", 0644)
                .file("../evil", "pwned", 0644)
                .file("after", "never", 0644)
                .tarGz());

        assertTrue(e.getMessage().contains("'../evil' escapes the sandbox"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("evil")));
        assertEquals(List.of(), outsideSandbox());
        assertEquals("ok", read(sandbox.resolve("before")));
        assertFalse(Files.exists(sandbox.resolve("after")));
    }

    @Test
    void tarEntryClimbingOutFromASubdirectoryFails() throws Exception {
        fetchFails("deep.tar", new Archives().file("a/b/../../../evil", "pwned", 0644).tar());

        assertEquals(List.of(), outsideSandbox());
    }

    @Test
    void absoluteTarEntryFails() throws Exception {
        Path target = temp.resolve("absolute-evil");

        FetchException e = fetchFails("abs.tar", new Archives().file(target.toString(), "pwned", 0644).tar());

        assertTrue(e.getMessage().contains("absolute"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void symlinkToEtcPasswdFails() throws Exception {
        FetchException e = fetchFails("link.tgz", new Archives().symlink("passwd", "/etc/passwd").tarGz());

        assertTrue(e.getMessage().contains("points outside the sandbox"), e.getMessage());
        assertFalse(Files.exists(sandbox.resolve("passwd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void relativeSymlinkClimbingOutFails() throws Exception {
        fetchFails("rel.tgz", new Archives().dir("d", 0755).symlink("d/up", "../..").tarGz());

        assertFalse(Files.exists(sandbox.resolve("d/up"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void symlinkChainThatOnlyEscapesPhysicallyFails() throws Exception {
        // "here/.." looks like the sandbox, but "here" is the sandbox, so it is the sandbox's parent.
        FetchException e = fetchFails("chain.tgz", new Archives()
                .symlink("here", ".")
                .symlink("up", "here/..")
                .file("up/evil", "pwned", 0644)
                .tarGz());

        assertTrue(e.getMessage().contains("resolves outside the sandbox"), e.getMessage());
        assertFalse(Files.exists(sandbox.resolve("up"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), outsideSandbox());
    }

    @Test
    void writingThroughAnOutwardSymlinkLeftByAnEarlierFetchFails() throws Exception {
        // Not from an archive (those are refused); simulates a link that already sits in the sandbox.
        Files.createDirectory(temp.resolve("outside"));
        Files.createSymbolicLink(sandbox.resolve("out"), temp.resolve("outside"));

        fetchFails("through.tar", new Archives().file("out/evil", "pwned", 0644).tar());

        assertFalse(Files.exists(temp.resolve("outside/evil")));
    }

    @Test
    void danglingSymlinkCompletedByALaterEntryIsCheckedAtTheEnd() throws Exception {
        // "up" dangles when created; the later "here" -> "." makes it resolve to the sandbox's parent.
        FetchException e = fetchFails("late.tgz", new Archives()
                .symlink("up", "here/..")
                .symlink("here", ".")
                .tarGz());

        assertTrue(e.getMessage().contains("resolves outside the sandbox"), e.getMessage());
        assertFalse(Files.exists(sandbox.resolve("up"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void zipEntryClimbingOutFails() throws Exception {
        fetchFails("slip.zip", new Archives().file("../zip-evil", "pwned", 0644).zip());

        assertFalse(Files.exists(temp.resolve("zip-evil")));
        assertEquals(List.of(), outsideSandbox());
    }

    @Test
    void zipSymlinkToTheOutsideFails() throws Exception {
        fetchFails("link.zip", new Archives().symlink("passwd", "/etc/passwd").zip());

        assertFalse(Files.exists(sandbox.resolve("passwd"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void symlinksAndHardLinksInsideTheSandboxAreKept() throws Exception {
        server.serve("/links.tgz", new Archives()
                .dir("lib", 0755)
                .file("lib/libfoo.so.1", "elf", 0755)
                .symlink("lib/libfoo.so", "libfoo.so.1")
                .symlink("current", "lib")
                .hardLink("lib/copy", "lib/libfoo.so.1")
                .tarGz());

        fetcher.fetch(List.of(uri(server.url("/links.tgz"))), sandbox);

        assertTrue(Files.isSymbolicLink(sandbox.resolve("lib/libfoo.so")));
        assertEquals(Path.of("libfoo.so.1"), Files.readSymbolicLink(sandbox.resolve("lib/libfoo.so")));
        assertEquals("elf", read(sandbox.resolve("current/libfoo.so")));
        assertEquals("elf", read(sandbox.resolve("lib/copy")));
        assertFalse(Files.isSymbolicLink(sandbox.resolve("lib/copy")));
    }

    @Test
    void hardLinkToAFileOutsideFails() throws Exception {
        Files.writeString(temp.resolve("secret"), "secret");

        fetchFails("hard.tar", new Archives().hardLink("stolen", "../secret").tar());

        assertFalse(Files.exists(sandbox.resolve("stolen")));
    }
}

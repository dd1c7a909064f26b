package io.plinth.agent.http.core;

import static io.plinth.agent.http.testing.Fixtures.sandboxWithStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.agent.http.core.FileAccessException.Refusal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confinement on a real work directory with real files and links. */
class SandboxPathsTest {

    @TempDir
    Path temp;

    private Path workDir;
    private Path sandbox;
    private Path otherSandbox;
    private Path outside;
    private SandboxPaths paths;

    @BeforeEach
    void layOut() throws IOException {
        workDir = Files.createDirectories(temp.resolve("work"));
        sandbox = sandboxWithStdout(workDir, "A", "F", "E", "C", "hello\n");
        Files.createDirectories(sandbox.resolve("sub/deeper"));
        Files.writeString(sandbox.resolve("sub/file"), "inside");
        otherSandbox = sandboxWithStdout(workDir, "A", "F", "E2", "C2", "other\n");
        Files.createDirectories(workDir.resolve("meta/slaves/A"));
        Files.writeString(workDir.resolve("meta/slaves/A/slave.info"), "secret");
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        paths = new SandboxPaths(workDir);
    }

    @Test
    void servesFilesAndDirectoriesOfASandbox() throws IOException {
        SandboxPath stdout = paths.resolve(sandbox + "/stdout");
        assertEquals(sandbox.toRealPath().resolve("stdout"), stdout.file());
        assertEquals(sandbox.toRealPath(), stdout.runDir());
        assertEquals(sandbox + "/stdout", stdout.shown());

        assertEquals(sandbox.toRealPath(), paths.resolve(sandbox.toString()).file(), "the run directory itself");
        assertEquals(sandbox.toRealPath(), paths.resolve(sandbox + "/").file());
        assertEquals(sandbox.toString(), paths.resolve(sandbox + "/").shown(), "without the trailing slash");
        assertEquals(sandbox.toRealPath().resolve("sub/file"), paths.resolve(sandbox + "//sub/./file").file());
        assertEquals(sandbox + "/sub/file", paths.resolve(sandbox + "//sub/./file").shown());
    }

    @Test
    void refusesMalformedPaths() {
        assertRefused(null, Refusal.BAD_REQUEST, "Missing query parameter 'path'");
        assertRefused("", Refusal.BAD_REQUEST, "Missing query parameter 'path'");
        assertRefused("stdout", Refusal.BAD_REQUEST, "must be absolute");
        assertRefused(sandbox.toString().substring(1) + "/stdout", Refusal.BAD_REQUEST, "must be absolute");
        assertRefused(sandbox + "/std\0out", Refusal.BAD_REQUEST, "NUL");
    }

    @Test
    void refusesDotDotEvenWhereItWouldStayInside() {
        assertRefused(sandbox + "/sub/../stdout", Refusal.BAD_REQUEST, "must not contain '..'");
        assertRefused(sandbox + "/../C/stdout", Refusal.BAD_REQUEST, "must not contain '..'");
        assertRefused(sandbox + "/../../../../../../../../meta/slaves/A/slave.info", Refusal.BAD_REQUEST, "'..'");
        assertRefused(sandbox + "/..", Refusal.BAD_REQUEST, "'..'");
        assertRefused("/frameworks/F/executors/E/runs/C/../../E2/runs/C2/stdout", Refusal.BAD_REQUEST, "'..'");
        // names that merely contain dots are names
        assertRefused(sandbox + "/..stdout", Refusal.NOT_FOUND, "No such file");
        assertRefused(sandbox + "/stdout..", Refusal.NOT_FOUND, "No such file");
    }

    @Test
    void refusesPathsOutsideEverySandbox() {
        assertRefused("/etc/passwd", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused("/etc/does-not-exist", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused("/", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(workDir.toString(), Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(workDir + "/meta/slaves/A/slave.info", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(workDir + "/slaves", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(workDir + "/slaves/A", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(workDir + "/slaves/A/frameworks/F/executors/E/runs", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(workDir + "/slaves/A/frameworks/F/executors/E/other/C/stdout", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(outside + "/secret", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused(temp.toString(), Refusal.FORBIDDEN, "not inside a sandbox");
    }

    @Test
    void answersNotFoundOnlyInsideASandbox() {
        assertRefused(sandbox + "/missing", Refusal.NOT_FOUND, "No such file or directory");
        assertRefused(sandbox + "/stdout/below", Refusal.NOT_FOUND, "No such file or directory");
        assertRefused(workDir + "/slaves/A/frameworks/F/executors/E/runs/NOPE/stdout", Refusal.NOT_FOUND, "No such sandbox");
    }

    @Test
    void refusesLinksLeadingOutOfTheSandbox() throws IOException {
        Files.createSymbolicLink(sandbox.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(sandbox.resolve("secret"), outside.resolve("secret"));
        Files.createSymbolicLink(sandbox.resolve("nowhere"), outside.resolve("does-not-exist"));
        Files.createSymbolicLink(sandbox.resolve("meta"), workDir.resolve("meta"));
        Files.createSymbolicLink(sandbox.resolve("neighbour"), otherSandbox.resolve("stdout"));
        Files.createSymbolicLink(sandbox.resolve("climb"), Path.of("../../../../../../../../meta/slaves/A/slave.info"));
        Files.createSymbolicLink(sandbox.resolve("sub/up"), Path.of("../.."));
        Files.createSymbolicLink(sandbox.resolve("tricky"), Path.of(sandbox.toRealPath() + "/../C2/stdout"));

        assertRefused(sandbox + "/etc", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/etc/passwd", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/secret", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/nowhere", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/meta/slaves/A/slave.info", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/neighbour", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/climb", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/sub/up", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/sub/up/C2/stdout", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(sandbox + "/tricky", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused("/frameworks/F/executors/E/runs/C/etc/passwd", Refusal.FORBIDDEN, "leads outside its sandbox");
    }

    @Test
    void followsLinksThatStayInside() throws IOException {
        Files.createSymbolicLink(sandbox.resolve("log"), Path.of("stdout"));
        Files.createSymbolicLink(sandbox.resolve("sub/deeper/back"), Path.of("../file"));
        Files.createSymbolicLink(sandbox.resolve("absolute"), sandbox.toRealPath().resolve("sub/file"));
        Files.createSymbolicLink(sandbox.resolve("linkdir"), Path.of("sub"));
        Files.createSymbolicLink(sandbox.resolve("chain"), Path.of("linkdir/deeper/back"));

        Path real = sandbox.toRealPath();
        assertEquals(real.resolve("stdout"), paths.resolve(sandbox + "/log").file());
        assertEquals(real.resolve("sub/file"), paths.resolve(sandbox + "/sub/deeper/back").file());
        assertEquals(real.resolve("sub/file"), paths.resolve(sandbox + "/absolute").file());
        assertEquals(real.resolve("sub/file"), paths.resolve(sandbox + "/linkdir/file").file());
        assertEquals(real.resolve("sub/file"), paths.resolve(sandbox + "/chain").file());
        assertEquals(sandbox + "/chain", paths.resolve(sandbox + "/chain").shown(), "named as the client named it");
    }

    @Test
    void aLinkLoopIsNotFound() throws IOException {
        Files.createSymbolicLink(sandbox.resolve("ping"), Path.of("pong"));
        Files.createSymbolicLink(sandbox.resolve("pong"), Path.of("ping"));
        assertRefused(sandbox + "/ping", Refusal.NOT_FOUND, "Too many symbolic links");
    }

    @Test
    void refusesARunDirectoryThatIsALink() throws IOException {
        Path runs = sandbox.getParent();
        Files.createSymbolicLink(runs.resolve("L"), outside);
        Files.createSymbolicLink(runs.resolve("L2"), otherSandbox);
        Path agentDirs = workDir.resolve("slaves");
        Files.createSymbolicLink(agentDirs.resolve("B"), temp);

        assertRefused(runs + "/L/secret", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(runs + "/L2/stdout", Refusal.FORBIDDEN, "leads outside its sandbox");
        assertRefused(agentDirs + "/B/frameworks/F/executors/E/runs/C/stdout", Refusal.NOT_FOUND, "No such sandbox");
    }

    @Test
    void acceptsTheWorkDirectoryByItsLinkAndByItsRealName() throws IOException {
        Path link = Files.createSymbolicLink(temp.resolve("work-link"), workDir);
        SandboxPaths viaLink = new SandboxPaths(link);

        assertEquals(sandbox.toRealPath().resolve("stdout"), viaLink.resolve(link + "/slaves/A/frameworks/F/executors/E/runs/C/stdout").file());
        assertEquals(sandbox.toRealPath().resolve("stdout"), viaLink.resolve(sandbox.toRealPath() + "/stdout").file());
        assertRefused(viaLink, link + "/meta/slaves/A/slave.info", Refusal.FORBIDDEN, "not inside a sandbox");
    }

    @Test
    void resolvesVirtualPaths() throws IOException {
        SandboxPath stdout = paths.resolve("/frameworks/F/executors/E/runs/C/stdout");
        assertEquals(sandbox.toRealPath().resolve("stdout"), stdout.file());
        assertEquals("/frameworks/F/executors/E/runs/C/stdout", stdout.shown());
        assertEquals(sandbox.toRealPath(), paths.resolve("/frameworks/F/executors/E/runs/C").file());

        assertRefused("/frameworks/F/executors/E/runs/NOPE/stdout", Refusal.NOT_FOUND, "No sandbox of framework 'F'");
        assertRefused("/frameworks/X/executors/E/runs/latest/stdout", Refusal.NOT_FOUND, "No sandbox of framework 'X'");
        assertRefused("/frameworks/F/executors/E/runs/C/missing", Refusal.NOT_FOUND, "No such file");
        assertRefused("/frameworks/F/executors/E/runs", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused("/frameworks/F", Refusal.FORBIDDEN, "not inside a sandbox");
        assertRefused("/frameworks/F/tasks/E/runs/C/stdout", Refusal.FORBIDDEN, "not inside a sandbox");
    }

    @Test
    void latestIsTheNewestRunUnderAnyAgentId() throws IOException {
        Path older = sandboxWithStdout(workDir, "A", "F", "E", "C-old", "old\n");
        Path newer = sandboxWithStdout(workDir, "B", "F", "E", "C-new", "new\n");
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.setLastModifiedTime(sandbox, FileTime.from(Instant.parse("2021-01-01T00:00:00Z")));
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2022-01-01T00:00:00Z")));
        // Mesos' own "latest" link, here pointing at an old run: it is not what decides
        Files.createSymbolicLink(sandbox.getParent().resolve("latest"), older);

        SandboxPath latest = paths.resolve("/frameworks/F/executors/E/runs/latest/stdout");
        assertEquals(newer.toRealPath().resolve("stdout"), latest.file());
        assertEquals("/frameworks/F/executors/E/runs/latest/stdout", latest.shown());

        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2023-01-01T00:00:00Z")));
        assertEquals(older.toRealPath().resolve("stdout"), paths.resolve("/frameworks/F/executors/E/runs/latest/stdout").file());
        assertEquals(newer.toRealPath().resolve("stdout"), paths.resolve("/frameworks/F/executors/E/runs/C-new/stdout").file(),
                "a named run under another agent id");
    }

    @Test
    void aWorkDirectoryThatDoesNotExistServesNothing() {
        SandboxPaths missing = new SandboxPaths(temp.resolve("nothing-here"));
        assertRefused(missing, temp + "/nothing-here/slaves/A/frameworks/F/executors/E/runs/C/stdout",
                Refusal.NOT_FOUND, "No such sandbox");
        assertRefused(missing, "/frameworks/F/executors/E/runs/latest/stdout", Refusal.NOT_FOUND, "No sandbox");
    }

    @Test
    void refusalsNeverTellWhatLiesOutside() throws IOException {
        Files.createSymbolicLink(sandbox.resolve("exists"), outside.resolve("secret"));
        Files.createSymbolicLink(sandbox.resolve("absent"), outside.resolve("absent"));
        FileAccessException exists = assertThrows(FileAccessException.class, () -> paths.resolve(sandbox + "/exists"));
        FileAccessException absent = assertThrows(FileAccessException.class, () -> paths.resolve(sandbox + "/absent"));
        assertEquals(exists.refusal(), absent.refusal());
        assertFalse(exists.getMessage().contains(outside.toString()), exists.getMessage());
        assertTrue(exists.getMessage().contains(sandbox + "/exists"), exists.getMessage());
    }

    private void assertRefused(String path, Refusal refusal, String message) {
        assertRefused(paths, path, refusal, message);
    }

    private static void assertRefused(SandboxPaths paths, String path, Refusal refusal, String message) {
        FileAccessException e = assertThrows(FileAccessException.class, () -> paths.resolve(path), path);
        assertEquals(refusal, e.refusal(), path + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(message), path + ": " + e.getMessage());
    }
}

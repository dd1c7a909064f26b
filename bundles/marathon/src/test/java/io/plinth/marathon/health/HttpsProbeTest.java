package io.plinth.marathon.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpsProbeTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final HttpProbe probe = HttpProbe.https(executor);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A self-signed certificate for a name that is not the probed host, so neither trust nor the host name can pass a verifying client. */
    private static SSLContext selfSigned(Path dir) throws Exception {
        Path keystore = dir.resolve("task.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "task", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", "2", "-dname", "CN=not-this-host.example", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD),
                "-noprompt")
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "keytool finished");
        assertEquals(0, process.exitValue(), output);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    @Test
    void aSelfSignedCertificateForAnotherNamePasses(@TempDir Path dir) throws Exception {
        try (TestHttpServer server = TestHttpServer.https(selfSigned(dir))) {
            Optional<ProbeOutcome> outcome = probe.probe("127.0.0.1", server.port(),
                    Checks.timed("HTTPS", "/ready", 60, 10, false)).get(20, TimeUnit.SECONDS);
            assertEquals(Optional.of(new ProbeOutcome(true, null)), outcome);
            assertEquals("/ready", server.uris.get(0));

            server.status.set(503);
            outcome = probe.probe("127.0.0.1", server.port(), Checks.timed("HTTPS", "/ready", 60, 10, false))
                    .get(20, TimeUnit.SECONDS);
            assertEquals(Optional.of(new ProbeOutcome(false, "HTTP 503")), outcome);
        }
    }

    @Test
    void aServerThatDoesNotSpeakTlsFails() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> answered = CompletableFuture.runAsync(() -> answerInPlainText(plain), executor);
            Optional<ProbeOutcome> outcome = probe.probe("127.0.0.1", plain.getLocalPort(),
                    Checks.timed("HTTPS", "/", 60, 15, false)).get(30, TimeUnit.SECONDS);
            assertFalse(outcome.orElseThrow().passed());
            assertTrue(outcome.orElseThrow().cause().startsWith("TLS handshake failed"), outcome.toString());
            plain.close();
            answered.get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Answers every connection in plain text until the server is closed: the JDK's client tries a GET
     * again on a new connection when the first one ended before an answer, and a server answering only
     * once left that second try waiting for its handshake until the check timed out.
     */
    private static void answerInPlainText(ServerSocket server) {
        while (!server.isClosed()) {
            try (Socket socket = server.accept(); OutputStream out = socket.getOutputStream()) {
                // Wait for the client's first TLS record (its ClientHello) before answering in plain text: closing
                // earlier races the handshake, and the client may then only see the connection end, not bad TLS.
                socket.getInputStream().readNBytes(5);
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                if (server.isClosed()) {
                    return; // the test is over
                }
                // a connection the client gave up: take the next one
            }
        }
    }
}

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The app the init scheduler's integration tests deploy: a web server with no dependencies beyond the
 * JDK, so an agent can run it from a single fetched file.
 *
 * <pre>
 *   GET /health  200 "ok", or 503 "unhealthy" while a file named {@code unhealthy} exists in the
 *                working directory (a test flips a task's health by creating or deleting it in the sandbox)
 *   GET /        200 with the value of MARATHON_APP_VERSION, or "none" (tells which version a task runs)
 * </pre>
 *
 * <p>Run it with {@code java TinyHttp.java <port>} (source-file mode) or compiled, as
 * {@code java -cp <dir> TinyHttp <port>}. It binds {@code 0.0.0.0:<port>}; port 0 takes a free one.
 * Either way it prints {@code listening on <port>} once it serves.
 *
 * <p>Recommended flags, so that many tasks fit on a small agent:
 * {@code java -Xmx16m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC TinyHttp.java $PORT0}.
 * A 16 MB heap serves requests comfortably (and, on JDK 17, also holds source-file mode's in-memory
 * compilation); C1 only and the serial collector keep the process's footprint and start time low.
 *
 * <p>SIGTERM (the agent's kill, after which the task gets its grace period) makes the JVM run the
 * shutdown hook, which closes the socket at once: the task ends promptly instead of being SIGKILLed.
 */
public class TinyHttp {

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : System.getenv().getOrDefault("PORT0", "8080"));
        String version = System.getenv().getOrDefault("MARATHON_APP_VERSION", "none");
        HttpServer server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 16);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, "method not allowed");
            } else if (path.equals("/health")) {
                boolean unhealthy = Files.exists(Path.of("unhealthy"));
                respond(exchange, unhealthy ? 503 : 200, unhealthy ? "unhealthy" : "ok");
            } else if (path.equals("/")) {
                respond(exchange, 200, version);
            } else {
                respond(exchange, 404, "not found");
            }
        });
        // null: the dispatcher thread runs the handlers itself, one thread in all
        server.setExecutor(null);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "tiny-http-stop"));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

package io.plinth.agent.process.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Opens a TCP connection to {@code host:port} and closes it again; connecting in time is healthy. */
final class TcpProbe implements Probe {

    private final String host;
    private final int port;
    private final Duration timeout;
    private final Object lock = new Object();

    // guarded by lock
    private boolean closed;
    private Socket inFlight;

    TcpProbe(String host, int port, Duration timeout) {
        this.host = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public Result check() {
        String what = "TCP connection to " + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        Socket socket = new Socket();
        synchronized (lock) {
            if (closed) {
                return Result.unhealthy(what + " not tried: checker closed");
            }
            inFlight = socket;
        }
        // Socket.connect takes an int of milliseconds; 0 would mean "no timeout".
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try (socket) {
            // Resolved here, on the blocking thread: a name lookup may take a while.
            socket.connect(new InetSocketAddress(host, port), millis);
            return Result.healthy(what + " succeeded");
        } catch (SocketTimeoutException e) {
            return Result.unhealthy(what + " timed out after " + Probe.seconds(timeout));
        } catch (IOException | RuntimeException e) {
            return Result.unhealthy(what + " failed: " + Probe.describe(e));
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
        }
    }

    @Override
    public void close() {
        Socket abort;
        synchronized (lock) {
            closed = true;
            abort = inFlight;
        }
        if (abort != null) {
            try {
                abort.close(); // makes a connect in progress fail at once
            } catch (IOException ignored) {
                // Closing is all we wanted; nothing is left to release.
            }
        }
    }
}

package io.plinth.zookeeper.impl;

import io.plinth.zookeeper.api.MemberStatus;
import io.plinth.zookeeper.ensemble.ProbeTarget;
import io.plinth.zookeeper.ensemble.SrvrAnswers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Asks one member {@code srvr} over its client port, as ZooKeeper's {@code FourLetterWordMain} does,
 * within a deadline: connect, send the word, read until the server closes the connection.
 */
final class SrvrProbe {

    /** A srvr answer is a few hundred bytes; anything longer is not ZooKeeper. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024;
    private static final byte[] SRVR = "srvr".getBytes(StandardCharsets.US_ASCII);

    private final int connectTimeoutMillis;

    SrvrProbe(int connectTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    /** @param deadline {@link System#nanoTime()} by which the answer must have arrived */
    MemberStatus probe(ProbeTarget target, long deadline) {
        Socket socket = new Socket();
        try {
            try {
                socket.connect(new InetSocketAddress(target.host(), target.port()),
                        Math.max(1, Math.min(connectTimeoutMillis, millisUntil(deadline))));
            } catch (IOException e) {
                // refused, unreachable, unresolvable, or silent until the timeout
                return SrvrAnswers.down(target.hostname());
            }
            return SrvrAnswers.parse(target.hostname(), ask(socket, deadline));
        } finally {
            closeQuietly(socket);
        }
    }

    /** What the member answered before closing, failing or running out of time; possibly nothing. */
    private static String ask(Socket socket, long deadline) {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            socket.getOutputStream().write(SRVR);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[2048];
            while (answer.size() < MAX_ANSWER_BYTES) {
                int left = millisUntil(deadline);
                if (left <= 0) {
                    break;
                }
                socket.setSoTimeout(left);
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                answer.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            // a live process that does not answer in time: what arrived so far is all there is
        } catch (IOException e) {
            // reset by a server shutting down: likewise
        }
        return answer.toString(StandardCharsets.US_ASCII);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was written that a failed close could lose
        }
    }

    private static int millisUntil(long deadline) {
        return (int) Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}

package io.plinth.zookeeper.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plinth.zookeeper.api.MemberStatus;
import io.plinth.zookeeper.ensemble.ProbeTarget;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against fake members: one answering srvr, one silent, one absent. */
class ZooKeeperEnsembleStatusTest {

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        // last opened, first closed: clients before the servers they talk to
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    /** A server that accepts one connection at a time and answers it with {@code answer}, or never. */
    private int fakeMember(String answer) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> held = new CopyOnWriteArrayList<>();
        resources.add(() -> {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        });
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    InputStream in = socket.getInputStream();
                    byte[] word = in.readNBytes(4);
                    if (answer == null || !"srvr".equals(new String(word, StandardCharsets.US_ASCII))) {
                        held.add(socket);
                        continue;
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    socket.close();
                } catch (IOException e) {
                    return;
                }
            }
        }, "fake-member");
        thread.setDaemon(true);
        thread.start();
        return server.getLocalPort();
    }

    private ZooKeeperEnsembleStatus status(List<ProbeTarget> targets) {
        ZooKeeperEnsembleStatus status = new ZooKeeperEnsembleStatus(targets,
                ZooKeeperEnsembleStatus.CONNECT_TIMEOUT, ZooKeeperEnsembleStatus.ANSWER_TIMEOUT);
        resources.add(status);
        return status;
    }

    @Test
    void reportsEveryMemberInOrderWithinTheDeadline() throws IOException {
        int leader = fakeMember("Zookeeper version: 3.9.4\nMode: leader\nNode count: 5\n");
        int silent = fakeMember(null);
        int notServing = fakeMember("This ZooKeeper instance is not currently serving requests\n");
        int absent = FreePorts.take(1)[0];
        ZooKeeperEnsembleStatus status = status(List.of(
                new ProbeTarget("zk1", "127.0.0.1", leader),
                new ProbeTarget("zk2", "127.0.0.1", silent),
                new ProbeTarget("zk3", "127.0.0.1", notServing),
                new ProbeTarget("zk4", "127.0.0.1", absent)));

        long start = System.nanoTime();
        List<MemberStatus> members = status.members();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(List.of(
                new MemberStatus("zk1", 3, "serving", true),
                new MemberStatus("zk2", 2, "not serving", false),
                new MemberStatus("zk3", 2, "not serving", false),
                new MemberStatus("zk4", 1, "down", false)), members);
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
    }

    @Test
    void unreachableMembersCostOneTimeoutTogether() {
        // TEST-NET-1 (RFC 5737): never routed, so a connect hangs until its timeout (or fails at once)
        ZooKeeperEnsembleStatus status = status(List.of(
                new ProbeTarget("a", "192.0.2.1", 2181),
                new ProbeTarget("b", "192.0.2.2", 2181),
                new ProbeTarget("c", "192.0.2.3", 2181)));

        long start = System.nanoTime();
        List<MemberStatus> members = status.members();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals(List.of(MemberStatus.DOWN, MemberStatus.DOWN, MemberStatus.DOWN),
                members.stream().map(MemberStatus::code).toList());
        assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
    }

    @Test
    void unresolvableHostIsDown() {
        ZooKeeperEnsembleStatus status = status(List.of(new ProbeTarget("x", "no-such-host.invalid", 2181)));

        assertEquals(List.of(new MemberStatus("x", 1, "down", false)), status.members());
    }

    @Test
    void closedStatusRefusesToAnswerAndClosesTwice() {
        ZooKeeperEnsembleStatus status = status(List.of(new ProbeTarget("x", "127.0.0.1", 1)));
        status.close();
        status.close();

        assertThrows(IllegalStateException.class, status::members);
    }
}
